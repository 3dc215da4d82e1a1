/**
 * A refusal decided by the domain. `code` is the API's problem code (API.md "Errors"); the
 * HTTP layer maps it to a status, so the domain never speaks HTTP.
 */
export type DomainErrorCode =
  | 'VALIDATION_FAILED'
  | 'FORBIDDEN'
  | 'APPROVAL_AUTHORITY_EXCEEDED'
  | 'NOT_FOUND'
  | 'INVALID_STATE_TRANSITION'
  | 'PRECONDITION_NOT_MET'
  | 'DUPLICATE_ID'
  /** The client decided on another version (If-Match) than the stream's. */
  | 'CONCURRENCY_CONFLICT'
  /** Not now, through no fault of the request: a stream too busy within the time budget, a read model behind. */
  | 'UNAVAILABLE';

export interface FieldError {
  path: string;
  message: string;
}

export class DomainError extends Error {
  constructor(
    readonly code: DomainErrorCode,
    message: string,
    /** For VALIDATION_FAILED: one entry per offending field. For PRECONDITION_NOT_MET: what is missing. */
    readonly details: { errors?: FieldError[]; missing?: string[] } = {},
  ) {
    super(message);
    this.name = 'DomainError';
  }
}

export const invalidTransition = (command: string, status: string) =>
  new DomainError('INVALID_STATE_TRANSITION', `${command} is not allowed while the case is ${status}`);

export const forbidden = (message: string) => new DomainError('FORBIDDEN', message);

export const preconditionNotMet = (message: string, missing: string[] = []) =>
  new DomainError('PRECONDITION_NOT_MET', message, { missing });

export const validationFailed = (path: string, message: string) =>
  new DomainError('VALIDATION_FAILED', `${path}: ${message}`, { errors: [{ path, message }] });

/** VALIDATION_FAILED naming every offending field. */
export const fieldsInvalid = (errors: FieldError[]) =>
  new DomainError(
    'VALIDATION_FAILED',
    errors.length === 1 ? `${errors[0].path}: ${errors[0].message}` : `${errors.length} fields are invalid: ${errors.map((e) => e.path).join(', ')}`,
    { errors },
  );

export const notFound = (message: string) => new DomainError('NOT_FOUND', message);

export const unavailable = (message: string) => new DomainError('UNAVAILABLE', message);
