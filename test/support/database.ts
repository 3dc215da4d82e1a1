import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { migrate } from '../../apps/worker/src/infrastructure/database';

export { createDataSource } from '../../apps/worker/src/infrastructure/database';

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
