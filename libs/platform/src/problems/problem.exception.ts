import { HttpException } from '@nestjs/common';
import type { FieldError } from '@casebook/domain/errors';
import { PROBLEM_STATUS, problem, type Problem, type ProblemCode, type ProblemExtras } from './problem';

/**
 * A refusal decided at the HTTP edge (auth, validation, idempotency, headers). It is an
 * HttpException so that even without the problem filter Nest answers with the right status.
 */
export class ProblemException extends HttpException {
  readonly problem: Problem;

  constructor(
    readonly code: ProblemCode,
    detail: string,
    extras: ProblemExtras = {},
  ) {
    const built = problem(code, PROBLEM_STATUS[code], detail, extras);
    super(built.body, built.status);
    this.problem = built;
    this.message = `${code}: ${detail}`; // HttpException would say "Problem Exception"
  }
}

/** VALIDATION_FAILED with one entry per offending field. */
export const validationProblem = (errors: FieldError[]) =>
  new ProblemException(
    'VALIDATION_FAILED',
    errors.length === 1 ? errors[0].message : `${errors.length} fields are invalid: ${errors.map((e) => e.path).join(', ')}`,
    { errors },
  );
