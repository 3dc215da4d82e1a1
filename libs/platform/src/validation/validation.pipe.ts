import { type ArgumentMetadata, type PipeTransform, ValidationPipe } from '@nestjs/common';
import type { FieldError } from '@casebook/domain/errors';
import { ProblemException, validationProblem } from '../problems/problem.exception';
import { fieldErrors, mergeFieldErrors } from './field-errors';
import { nulCharacterErrors } from './nul-characters';

const fieldErrorsOf = (error: unknown): FieldError[] => {
  if (error instanceof ProblemException && error.code === 'VALIDATION_FAILED') return error.problem.body.errors ?? [];
  throw error;
};

/** Adds the NUL check on every string of bodies, queries and path parameters. */
class CasebookValidationPipe extends ValidationPipe {
  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    const nul = metadata.type === 'custom' ? [] : nulCharacterErrors(value, metadata.data ?? '');
    if (nul.length === 0) return super.transform(value, metadata);
    // One problem names every offending field, those failing the DTO's rules as well.
    const others = await super.transform(value, metadata).then(() => [], fieldErrorsOf);
    throw validationProblem(mergeFieldErrors([...nul, ...others]));
  }
}

/**
 * The global pipe: DTOs are validated with class-validator, unknown properties are refused
 * (never silently dropped), and failures become VALIDATION_FAILED with dotted paths.
 */
export const createValidationPipe = (): PipeTransform =>
  new CasebookValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    forbidUnknownValues: true,
    transform: true,
    exceptionFactory: (errors) => validationProblem(fieldErrors(errors)),
  });
