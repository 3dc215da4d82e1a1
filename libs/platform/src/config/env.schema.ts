import { IANAZone } from 'luxon';
import { z } from 'zod';

/** Docker Compose and shells often pass `VAR=` for "not set"; treat it so rather than as a value. */
const unsetIfEmpty = (value: unknown) => (value === '' ? undefined : value);
const variable = <T extends z.ZodTypeAny>(schema: T) => z.preprocess(unsetIfEmpty, schema);

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

const portNumber = z.string().refine((port) => /^\d{1,5}$/.test(port) && Number(port) <= 65535, 'must be an integer from 0 to 65535').transform(Number);

/** One rule per variable; rules spanning several variables live in `crossFieldIssues`. */
export const envSchema = z.object({
  NODE_ENV: variable(z.enum(['development', 'test', 'production']).default('development')),
  DATABASE_URL: variable(
    z
      .string()
      .regex(/^postgres(ql)?:\/\/\S+$/, 'must be a postgres:// or postgresql:// URL')
      .optional(),
  ),
  CASEBOOK_EVENT_STORE: variable(z.enum(['postgres', 'esdb']).default('postgres')),
  EVENTSTORE_CONNECTION_STRING: variable(
    z
      .string()
      .regex(/^esdb(\+discover)?:\/\/\S+$/, 'must be an esdb:// or esdb+discover:// connection string')
      .optional(),
  ),
  CASEBOOK_JWT_SECRET: variable(z.string().optional()),
  CASEBOOK_TZ: variable(
    z.string().default('Asia/Shanghai').refine((zone) => IANAZone.isValidZone(zone), 'must be an IANA time zone such as Asia/Shanghai'),
  ),
  CASEBOOK_DATA_DIR: variable(z.string().default('./.casebook')),
  PORT: variable(portNumber.default('3000')),
  CASEBOOK_WORKER_METRICS_PORT: variable(portNumber.optional()),
  CASEBOOK_CLOCK_START: variable(
    z
      .string()
      .datetime({ offset: true, message: 'must be an ISO-8601 instant with an offset, e.g. 2026-11-23T08:00:00+08:00' })
      .transform((instant) => new Date(instant))
      .optional(),
  ),
  LOG_LEVEL: variable(z.enum(LOG_LEVELS).default('info')),
});

export type Env = z.infer<typeof envSchema>;

export interface ConfigIssue {
  variable: string;
  message: string;
}

/**
 * Rules that involve two variables. They read the raw environment so that they are reported
 * together with every single-variable issue (zod skips object refinements once a field fails).
 */
export function crossFieldIssues(env: Record<string, string | undefined>): ConfigIssue[] {
  const set = (name: string) => unsetIfEmpty(env[name]) !== undefined;
  const production = env.NODE_ENV === 'production';
  const issues: ConfigIssue[] = [];
  if (env.CASEBOOK_EVENT_STORE === 'esdb' && !set('EVENTSTORE_CONNECTION_STRING')) {
    issues.push({ variable: 'EVENTSTORE_CONNECTION_STRING', message: 'is required when CASEBOOK_EVENT_STORE=esdb' });
  }
  if (production && !set('CASEBOOK_JWT_SECRET')) {
    issues.push({ variable: 'CASEBOOK_JWT_SECRET', message: 'is required when NODE_ENV=production' });
  }
  if (production && set('CASEBOOK_CLOCK_START')) {
    issues.push({ variable: 'CASEBOOK_CLOCK_START', message: 'is refused when NODE_ENV=production (the clock must be real)' });
  }
  return issues;
}
