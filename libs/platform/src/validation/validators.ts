import { buildMessage, ValidateBy, ValidateIf, type ValidationOptions } from 'class-validator';

/** Ids chosen by clients: sites, departments, staff (API.md "Conventions"). */
export const CLIENT_ID_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;

export const IsClientId = (options?: ValidationOptions): PropertyDecorator =>
  ValidateBy(
    {
      name: 'isClientId',
      validator: {
        validate: (value) => typeof value === 'string' && CLIENT_ID_PATTERN.test(value),
        defaultMessage: buildMessage((each) => `${each}$property must be 1 to 64 letters, digits, "_" or "-"`, options),
      },
    },
    options,
  );

export interface DecimalStringOptions {
  maxPlaces: number;
  allowNegative?: boolean;
}

/** Money and points travel as decimal strings ("1200.00"), never as floats. */
export function IsDecimalString({ maxPlaces, allowNegative = false }: DecimalStringOptions, options?: ValidationOptions): PropertyDecorator {
  const fraction = maxPlaces > 0 ? `(\\.\\d{1,${maxPlaces}})?` : '';
  const pattern = new RegExp(`^${allowNegative ? '-?' : ''}(0|[1-9]\\d*)${fraction}$`);
  const kind = allowNegative ? 'a decimal string' : 'a non-negative decimal string';
  return ValidateBy(
    {
      name: 'isDecimalString',
      constraints: [maxPlaces],
      validator: {
        validate: (value) => typeof value === 'string' && pattern.test(value),
        defaultMessage: buildMessage((each) => `${each}$property must be ${kind} with at most ${maxPlaces} decimal places`, options),
      },
    },
    options,
  );
}

/**
 * An optional field: absent is fine, `null` is not. class-validator's @IsOptional() lets
 * `null` through, which would reach the domain as a value (and an event) nobody meant.
 */
export const IsAbsentOrValid = (): PropertyDecorator => ValidateIf((_, value) => value !== undefined);
