import { resolve } from 'node:path';
import { devJwtSecret } from './dev-jwt-secret';
import { crossFieldIssues, envSchema, type ConfigIssue, type Env } from './env.schema';

/** Nest injection token of the CasebookConfig. */
export const CONFIG = Symbol('CASEBOOK_CONFIG');

export interface CasebookConfig {
  nodeEnv: Env['NODE_ENV'];
  /** Absent: run an embedded PostgreSQL with its data under `dataDir`. */
  databaseUrl: string | undefined;
  eventStore: { kind: 'postgres' } | { kind: 'esdb'; connectionString: string };
  /** HS256 key; outside production defaults to the one generated in `dataDir` (devJwtSecret). */
  jwtSecret: string;
  /** IANA zone for case numbers, working days and report months. */
  timeZone: string;
  /** Absolute path. */
  dataDir: string;
  port: number;
  /** Where a worker running on its own serves GET /metrics (its process's series); absent: it does not. */
  workerMetricsPort: number | undefined;
  /** When set (never in production), the clock starts at this instant. */
  clockStart: Date | undefined;
  logLevel: Env['LOG_LEVEL'];
}

export class ConfigError extends Error {
  constructor(readonly issues: ConfigIssue[]) {
    super(['Invalid configuration:', ...issues.map((i) => `  - ${i.variable}: ${i.message}`)].join('\n'));
    this.name = 'ConfigError';
  }
}

/** Reads and validates the environment; throws one ConfigError listing every bad variable. */
export function loadConfig(env: Record<string, string | undefined> = process.env): CasebookConfig {
  const parsed = envSchema.safeParse(env);
  const issues = [
    ...(parsed.error?.issues.map((issue) => ({ variable: String(issue.path[0]), message: issue.message })) ?? []),
    ...crossFieldIssues(env),
  ];
  if (!parsed.success || issues.length > 0) throw new ConfigError(issues);

  const e = parsed.data;
  const dataDir = resolve(e.CASEBOOK_DATA_DIR);
  return {
    nodeEnv: e.NODE_ENV,
    databaseUrl: e.DATABASE_URL,
    eventStore:
      e.CASEBOOK_EVENT_STORE === 'esdb'
        ? { kind: 'esdb', connectionString: e.EVENTSTORE_CONNECTION_STRING! } // required by crossFieldIssues
        : { kind: 'postgres' },
    jwtSecret: e.CASEBOOK_JWT_SECRET ?? devJwtSecret(dataDir),
    timeZone: e.CASEBOOK_TZ,
    dataDir,
    port: e.PORT,
    workerMetricsPort: e.CASEBOOK_WORKER_METRICS_PORT,
    clockStart: e.CASEBOOK_CLOCK_START,
    logLevel: e.LOG_LEVEL,
  };
}
