import { type ArgumentMetadata, type PipeTransform, ValidationPipe } from '@nestjs/common';
import type { FieldError } from '@casebook/domain/errors';
import { ProblemException, validationProblem } from '../problems/problem.exception';
import { fieldErrors, mergeFieldErrors } from './field-errors';
import { jsonValueErrors } from './json-values';

const fieldErrorsOf = (error: unknown): FieldError[] => {
  if (error instanceof ProblemException && error.code === 'VALIDATION_FAILED') return error.problem.body.errors ?? [];
  throw error;
};

const isDto = (metatype: ArgumentMetadata['metatype']) => metatype !== undefined && ![Object, Array, String, Number, Boolean].includes(metatype as never);

/**
 * Adds the rules of API.md "Conventions" on queries and path parameters (the body's were checked
 * as it was parsed: applyRequestBodyRules), and refuses a body that is not the object a DTO expects.
 */
class CasebookValidationPipe extends ValidationPipe {
  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    if (metadata.type === 'body' && isDto(metadata.metatype) && value !== undefined && (typeof value !== 'object' || value === null || Array.isArray(value))) {
      throw validationProblem([{ path: '', message: 'the request body must be a JSON object' }]);
    }
    const own = metadata.type === 'query' || metadata.type === 'param' ? jsonValueErrors(value, metadata.data ?? '') : [];
    if (own.length === 0) return super.transform(value, metadata);
    // One problem names every offending field, those failing the DTO's rules as well.
    const others = await super.transform(value, metadata).then(() => [], fieldErrorsOf);
    throw validationProblem(mergeFieldErrors([...own, ...others]));
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
