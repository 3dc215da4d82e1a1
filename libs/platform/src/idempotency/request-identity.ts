import { createHash } from 'node:crypto';
import { v5 as uuidV5 } from 'uuid';
import { validationProblem } from '../problems/problem.exception';
import type { CasebookRequest } from '../http/request';

/** Sorted keys, so that `{"a":1,"b":2}` and `{"b":2,"a":1}` count as the same request. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([key, child]) => `${JSON.stringify(key)}:${canonicalJson(child)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/** `Idempotency-Key`: 1-128 characters; undefined when absent. */
export function parseIdempotencyKey(value: string | string[] | undefined): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || value.length < 1 || value.length > 128) {
    throw validationProblem([{ path: 'Idempotency-Key', message: 'Idempotency-Key must be 1 to 128 characters' }]);
  }
  return value;
}

/** A key belongs to one caller, method and path (API.md "Idempotency"). */
export const idempotencyScope = (callerId: string, request: CasebookRequest): string =>
  JSON.stringify([callerId, request.method, request.originalUrl.split('?')[0]]);

/** What must match for a repeat to be "the same request": the query and the body as sent. */
export const requestHash = (request: CasebookRequest): string =>
  createHash('sha256')
    .update(canonicalJson([request.query ?? {}, request.body ?? null]))
    .digest('hex');

const COMMAND_ID_NAMESPACE = '6f0d3c1e-8a53-4a4e-9a8e-3b1c2f9d7e10';

/**
 * The id seed of a keyed request: the same for every repeat, so that event ids derived from it
 * make a retried append a no-op; derived from the scope as well as the key, so that two callers
 * choosing the same key never produce the same event ids.
 */
export const idSeedFor = (scope: string, key: string): string => uuidV5(`${scope}\n${key}`, COMMAND_ID_NAMESPACE);
