import { ValidateBy, type ValidationOptions } from 'class-validator';

/** ISO-8601 with a date, a time and an offset (`Z` or `±hh:mm`): an instant, never a local time. */
const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;

export const isInstant = (value: unknown): value is string =>
  typeof value === 'string' && INSTANT.test(value) && !Number.isNaN(Date.parse(value));

export const IsInstant = (options?: ValidationOptions): PropertyDecorator =>
  ValidateBy(
    {
      name: 'isInstant',
      validator: {
        validate: isInstant,
        defaultMessage: () => '$property must be an ISO-8601 instant with an offset, e.g. 2026-11-23T06:58:00Z',
      },
    },
    options,
  );
