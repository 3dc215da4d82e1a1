import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { migrate, startEmbeddedPostgres } from '@casebook/application';

/** A fresh, migrated database on DATABASE_URL's server, or on an embedded one. */
export async function benchDatabase(): Promise<{ url: string; drop(): Promise<void> }> {
  const embedded = process.env.DATABASE_URL ? undefined : await startEmbeddedPostgres('.casebook/bench');
  const server = new URL(process.env.DATABASE_URL ?? embedded!.url);
  const name = `casebook_bench_${randomUUID().slice(0, 8)}`;
  const admin = new Client({ connectionString: server.toString() });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(server);
  url.pathname = `/${name}`;
  await migrate(url.toString());
  return {
    url: url.toString(),
    async drop() {
      const c = new Client({ connectionString: server.toString() });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
      await embedded?.stop();
    },
  };
}
