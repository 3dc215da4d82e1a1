import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, loadConfig } from './config';

const tempDirs: string[] = [];
const tempDir = () => {
  const dir = mkdtempSync(join(tmpdir(), 'casebook-config-'));
  tempDirs.push(dir);
  return dir;
};
afterAll(() => tempDirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

function configError(env: Record<string, string>): ConfigError {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

const issuesOf = (env: Record<string, string>) => configError(env).issues.map((issue) => issue.variable);

describe('loadConfig', () => {
  it('runs without configuration on defaults, with a JWT secret generated once per data dir', () => {
    const dataDir = tempDir();
    const config = loadConfig({ CASEBOOK_DATA_DIR: dataDir });

    expect(config).toEqual({
      nodeEnv: 'development',
      databaseUrl: undefined,
      eventStore: { kind: 'postgres' },
      jwtSecret: expect.stringMatching(/^[\w-]{43}$/),
      timeZone: 'Asia/Shanghai',
      dataDir,
      port: 3000,
      workerMetricsPort: undefined,
      clockStart: undefined,
      logLevel: 'info',
    });
    expect(readFileSync(join(dataDir, 'jwt-secret'), 'utf8')).toBe(config.jwtSecret);
    expect(statSync(join(dataDir, 'jwt-secret')).mode & 0o777).toBe(0o600);
    expect(loadConfig({ CASEBOOK_DATA_DIR: dataDir }).jwtSecret).toBe(config.jwtSecret);
    expect(loadConfig({ CASEBOOK_DATA_DIR: tempDir() }).jwtSecret).not.toBe(config.jwtSecret);
  });

  it('reads every variable', () => {
    const config = loadConfig({
      NODE_ENV: 'production',
      DATABASE_URL: 'postgres://casebook:pw@db:5432/casebook',
      CASEBOOK_EVENT_STORE: 'esdb',
      EVENTSTORE_CONNECTION_STRING: 'esdb://eventstore:2113?tls=false',
      CASEBOOK_JWT_SECRET: 's3cret',
      CASEBOOK_TZ: 'Europe/Paris',
      CASEBOOK_DATA_DIR: '/var/lib/casebook',
      PORT: '8080',
      CASEBOOK_WORKER_METRICS_PORT: '9464',
      LOG_LEVEL: 'debug',
    });
    expect(config).toEqual({
      nodeEnv: 'production',
      databaseUrl: 'postgres://casebook:pw@db:5432/casebook',
      eventStore: { kind: 'esdb', connectionString: 'esdb://eventstore:2113?tls=false' },
      jwtSecret: 's3cret',
      timeZone: 'Europe/Paris',
      dataDir: '/var/lib/casebook',
      port: 8080,
      workerMetricsPort: 9464,
      clockStart: undefined,
      logLevel: 'debug',
    });
  });

  it('starts the clock at CASEBOOK_CLOCK_START outside production', () => {
    const config = loadConfig({ CASEBOOK_JWT_SECRET: 'x', CASEBOOK_CLOCK_START: '2026-11-23T08:00:00+08:00' });
    expect(config.clockStart?.toISOString()).toBe('2026-11-23T00:00:00.000Z');
  });

  it('treats empty variables as unset', () => {
    const config = loadConfig({ CASEBOOK_JWT_SECRET: 'x', DATABASE_URL: '', PORT: '', CASEBOOK_CLOCK_START: '' });
    expect(config).toMatchObject({ databaseUrl: undefined, port: 3000, clockStart: undefined });
  });

  it('requires the secret and refuses a shifted clock in production', () => {
    expect(issuesOf({ NODE_ENV: 'production', CASEBOOK_CLOCK_START: '2026-11-23T00:00:00Z' })).toEqual([
      'CASEBOOK_JWT_SECRET',
      'CASEBOOK_CLOCK_START',
    ]);
  });

  it('requires a connection string for EventStoreDB', () => {
    expect(issuesOf({ CASEBOOK_JWT_SECRET: 'x', CASEBOOK_EVENT_STORE: 'esdb' })).toEqual([
      'EVENTSTORE_CONNECTION_STRING',
    ]);
  });

  it('lists every bad variable in one readable error', () => {
    const error = configError({
      NODE_ENV: 'staging',
      DATABASE_URL: 'mysql://db',
      CASEBOOK_EVENT_STORE: 'kafka',
      CASEBOOK_TZ: 'Mars/Olympus_Mons',
      PORT: '70000',
      CASEBOOK_CLOCK_START: 'tomorrow',
      LOG_LEVEL: 'loud',
    });
    expect(error.message.split('\n')).toEqual([
      'Invalid configuration:',
      expect.stringMatching(/^ {2}- NODE_ENV: Invalid enum value/),
      '  - DATABASE_URL: must be a postgres:// or postgresql:// URL',
      expect.stringMatching(/^ {2}- CASEBOOK_EVENT_STORE: Invalid enum value/),
      '  - CASEBOOK_TZ: must be an IANA time zone such as Asia/Shanghai',
      '  - PORT: must be an integer from 0 to 65535',
      '  - CASEBOOK_CLOCK_START: must be an ISO-8601 instant with an offset, e.g. 2026-11-23T08:00:00+08:00',
      expect.stringMatching(/^ {2}- LOG_LEVEL: Invalid enum value/),
    ]);
  });

  it('reports single-variable and cross-variable issues together', () => {
    expect(issuesOf({ NODE_ENV: 'production', PORT: 'http', CASEBOOK_TZ: 'Nowhere' })).toEqual([
      'CASEBOOK_TZ',
      'PORT',
      'CASEBOOK_JWT_SECRET',
    ]);
  });
});
