import type { FieldError } from '@casebook/domain/errors';

/** The API's problem codes and their statuses (API.md "Errors"). */
export const PROBLEM_STATUS = {
  VALIDATION_FAILED: 400,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  UNKNOWN_STAFF: 403,
  APPROVAL_AUTHORITY_EXCEEDED: 403,
  NOT_FOUND: 404,
  INVALID_STATE_TRANSITION: 409,
  PRECONDITION_NOT_MET: 409,
  DUPLICATE_ID: 409,
  CONCURRENCY_CONFLICT: 412,
  IDEMPOTENCY_KEY_REUSED: 422,
  RATE_LIMITED: 429,
  PROJECTION_LAGGING: 503,
  UNAVAILABLE: 503,
  // Refusals by the HTTP layer itself, outside the domain's vocabulary.
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  INTERNAL_ERROR: 500,
} as const;

export type ProblemCode = keyof typeof PROBLEM_STATUS;

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

/**
 * The problem+json body. `code` is a string rather than a ProblemCode because an HTTP error
 * of a status without a code of its own (say 405) is named after its status.
 */
export interface ProblemBody {
  type: string;
  title: string;
  status: number;
  detail: string;
  code: string;
  errors?: FieldError[];
  missing?: string[];
}

/** What the HTTP layer sends for a refusal: the body, and headers such as Retry-After. */
export interface Problem {
  status: number;
  body: ProblemBody;
  headers?: Record<string, string>;
}

export interface ProblemExtras {
  errors?: FieldError[];
  missing?: string[];
  headers?: Record<string, string>;
}

/** VALIDATION_FAILED -> "Validation failed", a title that stays the same for every instance. */
const titleOf = (code: string) => code.charAt(0) + code.slice(1).toLowerCase().replace(/_/g, ' ');

export function problem(code: string, status: number, detail: string, extras: ProblemExtras = {}): Problem {
  const body: ProblemBody = {
    type: `https://casebook.dev/problems/${code.toLowerCase().replace(/_/g, '-')}`,
    title: titleOf(code),
    status,
    detail,
    code,
  };
  if (extras.errors) body.errors = extras.errors;
  if (extras.missing) body.missing = extras.missing;
  return extras.headers ? { status, body, headers: extras.headers } : { status, body };
}
