import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import type { DataSource } from 'typeorm';
import { PostgresEventStore } from '@casebook/event-store';
import { createDataSource, migrate } from '@casebook/application';

export { createDataSource };

export interface TestDatabase {
  url: string;
  drop(): Promise<void>;
}

const serverUrl = () => {
  const url = process.env.DATABASE_URL;
  if (!url) throw new Error('DATABASE_URL is not set: run tests through jest (global setup provides one)');
  return url;
};

const withDatabase = (url: string, database: string) => {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
};

async function admin<T>(fn: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: withDatabase(serverUrl(), 'postgres') });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/** A fresh, fully migrated database of its own for one test file. */
export async function createTestDatabase(): Promise<TestDatabase> {
  const name = `casebook_test_${randomUUID().replace(/-/g, '').slice(0, 16)}`;
  await admin((c) => c.query(`CREATE DATABASE ${name}`));
  const url = withDatabase(serverUrl(), name);
  await migrate(url);
  return {
    url,
    drop: () => admin((c) => c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)).then(() => undefined),
  };
}

/**
 * The set-up most int-specs share: a fresh migrated database with a data source (and, asked
 * for, an event store) on it, made before the file's tests (`per: 'file'`) or before each test,
 * and closed and dropped after. Read `db`, `store` and `url` inside tests and hooks.
 */
export function useTestDatabase({ per = 'file', store = false }: { per?: 'file' | 'test'; store?: boolean } = {}) {
  let database: TestDatabase | undefined;
  let dataSource: DataSource | undefined;
  let eventStore: PostgresEventStore | undefined;
  const [before, after] = per === 'file' ? [beforeAll, afterAll] : [beforeEach, afterEach];
  before(async () => {
    database = await createTestDatabase();
    dataSource = await createDataSource(database.url).initialize();
    if (store) eventStore = new PostgresEventStore({ connectionString: database.url });
  });
  after(async () => {
    await eventStore?.close();
    await dataSource?.destroy();
    await database?.drop();
  });
  const ready = <T>(value: T | undefined, what: string): T => {
    if (value === undefined) throw new Error(`the test database has no ${what} here (outside tests and hooks, or store not asked for)`);
    return value;
  };
  return {
    get url() {
      return ready(database, 'database').url;
    },
    get db() {
      return ready(dataSource, 'data source');
    },
    get store() {
      return ready(eventStore, 'event store');
    },
  };
}
