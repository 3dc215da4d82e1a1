import type { FieldError } from '@casebook/domain/errors';

/** JSON nested deeper than this is refused (API.md "Conventions"). */
export const MAX_DEPTH = 32;
/** Free text without a stated limit is at most this many characters (API.md "Conventions"). */
export const MAX_TEXT = 5000;
/** Keys that would reach an object's prototype when copied into a class instance. */
const PROTOTYPE_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

const nameOf = (path: string) => path.split('.').pop() || 'value';

function stringErrors(text: string, path: string): FieldError[] {
  const errors: string[] = [];
  if (text.includes('\u0000')) errors.push('must not contain a NUL character');
  // PostgreSQL refuses an unpaired surrogate in jsonb; JSON.parse lets "\ud800" through.
  if (!text.isWellFormed()) errors.push('must be valid Unicode (it holds an unpaired surrogate)');
  else if (text.length > MAX_TEXT && [...text].length > MAX_TEXT) errors.push(`must be at most ${MAX_TEXT} characters`);
  return errors.map((message) => ({ path, message: `${nameOf(path)} ${message}` }));
}

/**
 * What API.md "Conventions" refuses in any JSON value a client sends, wherever it sits, so that
 * no DTO can forget a check: strings with a NUL character or an unpaired surrogate, or longer
 * than MAX_TEXT characters (a DTO may state a lower limit of its own); nesting deeper than
 * MAX_DEPTH; keys that reach a prototype (`__proto__`, `constructor`, `prototype`), refused
 * as unknown properties. Keys are strings too. The walk stops at MAX_DEPTH, so a hostile body
 * costs no more than a sane one.
 */
export function jsonValueErrors(value: unknown, path = '', depth = 0): FieldError[] {
  if (typeof value === 'string') return stringErrors(value, path);
  if (value === null || typeof value !== 'object') return [];
  if (depth >= MAX_DEPTH) return [{ path, message: `${nameOf(path)} is nested deeper than ${MAX_DEPTH} levels` }];
  return Object.entries(value).flatMap(([key, child]) => {
    const childPath = path ? `${path}.${key}` : key;
    if (PROTOTYPE_KEYS.has(key)) return [{ path: childPath, message: `property ${key} should not exist` }];
    return [...stringErrors(key, childPath), ...jsonValueErrors(child, childPath, depth + 1)];
  });
}
