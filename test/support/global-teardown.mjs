import { rmSync } from 'node:fs';

export default async function globalTeardown() {
  const embedded = globalThis.__CASEBOOK_PG__;
  if (!embedded) return;
  await embedded.pg.stop();
  rmSync(embedded.dataDir, { recursive: true, force: true });
}
