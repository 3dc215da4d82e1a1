import type { FieldError } from '@casebook/domain/errors';

export const NUL_MESSAGE = 'must not contain a NUL character';

const nulError = (path: string): FieldError => ({
  path,
  message: `${path.split('.').pop() || 'value'} ${NUL_MESSAGE}`,
});

/**
 * Every string in a request value that holds a NUL character (API.md refuses them anywhere),
 * found by walking the whole value so no DTO field, nested or raw JSON, can forget the check.
 */
export function nulCharacterErrors(value: unknown, path = ''): FieldError[] {
  if (typeof value === 'string') return value.includes('\u0000') ? [nulError(path)] : [];
  if (value === null || typeof value !== 'object') return [];
  return Object.entries(value).flatMap(([key, child]) => {
    const childPath = path ? `${path}.${key}` : key;
    return [...(key.includes('\u0000') ? [nulError(childPath)] : []), ...nulCharacterErrors(child, childPath)];
  });
}
