import type { ValidationError } from 'class-validator';
import type { FieldError } from '@casebook/domain/errors';

/**
 * class-validator's error tree as one entry per offending field, with dotted paths
 * (`complainant.phone`, `responsibility.0.share`).
 */
export function fieldErrors(errors: ValidationError[], parent = ''): FieldError[] {
  return errors.flatMap((error) => {
    const path = [parent, error.property].filter(Boolean).join('.');
    const own = error.constraints ? [{ path, message: Object.values(error.constraints).join('; ') }] : [];
    return [...own, ...fieldErrors(error.children ?? [], path)];
  });
}

/** One entry per path, keeping each distinct message once. */
export function mergeFieldErrors(errors: FieldError[]): FieldError[] {
  const byPath = new Map<string, string[]>();
  for (const { path, message } of errors) {
    const messages = byPath.get(path) ?? [];
    if (!messages.includes(message)) messages.push(message);
    byPath.set(path, messages);
  }
  return [...byPath].map(([path, messages]) => ({ path, message: messages.join('; ') }));
}
