import { STATUS_CODES } from 'node:http';
import { HttpException } from '@nestjs/common';
import { DomainError } from '@casebook/domain/errors';
import { PROBLEM_STATUS, problem, type Problem } from './problem';
import { ProblemException } from './problem.exception';

export const INTERNAL_PROBLEM: Problem = problem(
  'INTERNAL_ERROR',
  500,
  'The server failed to handle the request; it has been logged.',
);

/** Statuses whose code in the API differs from the status' own name. */
const CODE_BY_STATUS: Record<number, string> = {
  400: 'VALIDATION_FAILED',
  401: 'UNAUTHENTICATED',
  429: 'RATE_LIMITED',
  503: 'UNAVAILABLE',
};

/** "Payload Too Large" -> PAYLOAD_TOO_LARGE: any other HTTP error is named after its status. */
const codeOfStatus = (status: number) =>
  CODE_BY_STATUS[status] ?? (STATUS_CODES[status] ?? 'HTTP error').toUpperCase().replace(/[^A-Z]+/g, '_');

function fromHttpStatus(status: number, message: string): Problem {
  // Other 5xx messages come from server code and may hold internals; 503 is a deliberate refusal.
  if (status >= 500 && status !== 503) return INTERNAL_PROBLEM;
  const code = codeOfStatus(status);
  // VALIDATION_FAILED always has `errors` (API.md); a 400 from Nest or Express (malformed JSON,
  // a bad URI encoding) is not about one field, so it names the whole request.
  return problem(code, status, message, code === 'VALIDATION_FAILED' ? { errors: [{ path: '', message }] } : {});
}

function fromDomainError(error: DomainError): Problem {
  const { errors, missing } = error.details;
  return problem(error.code, PROBLEM_STATUS[error.code], error.message, {
    errors: error.code === 'VALIDATION_FAILED' && !errors?.length ? [{ path: '', message: error.message }] : errors,
    missing,
    // "Not now": when to come back.
    ...(error.code === 'UNAVAILABLE' ? { headers: { 'Retry-After': '1' } } : {}),
  });
}

/** Errors made by `http-errors` (body-parser's 413, 415, ...): `expose` marks them as safe to show. */
const isClientHttpError = (error: unknown): error is { status: number; message: string } =>
  error instanceof Error &&
  (error as { expose?: unknown }).expose === true &&
  typeof (error as { status?: unknown }).status === 'number';

/** Maps anything thrown while handling a request to the problem the client gets. */
export function toProblem(error: unknown): Problem {
  if (error instanceof ProblemException) return error.problem;
  if (error instanceof DomainError) return fromDomainError(error);
  if (error instanceof HttpException) return fromHttpStatus(error.getStatus(), error.message);
  if (isClientHttpError(error)) return fromHttpStatus(error.status, error.message);
  return INTERNAL_PROBLEM;
}
