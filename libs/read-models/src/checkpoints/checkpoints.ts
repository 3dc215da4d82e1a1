import { setTimeout as sleep } from 'node:timers/promises';
import type { DataSource, EntityManager } from 'typeorm';
import { ProjectionCheckpoint } from './projection-checkpoint.entity';

type Db = DataSource | EntityManager;

const POLL_MS = 25;

export const readCheckpoints = (db: Db): Promise<ProjectionCheckpoint[]> =>
  db.getRepository(ProjectionCheckpoint).find({ order: { name: 'ASC' } });

/**
 * Waits until every named projection has processed the event store up to `position`
 * (read-your-writes: the `Casebook-Min-Position` header, admin writes visible on return).
 * True when they have, false when `timeoutMs` passes first.
 */
export async function waitForProjections(db: Db, names: string[], position: bigint, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await haveProcessed(db, names, position)) return true;
    const left = deadline - Date.now();
    if (left <= 0) return false;
    await sleep(Math.min(POLL_MS, left));
  }
}

async function haveProcessed(db: Db, names: string[], position: bigint): Promise<boolean> {
  const distinct = [...new Set(names)];
  // Compared as numeric: a Casebook-Min-Position may be any 20-digit decimal (EventStoreDB
  // positions are unsigned 64-bit), which a bigint parameter cannot hold. One beyond every
  // checkpoint is simply not reached yet (503), not an error (500).
  const [{ count }] = await db.query(
    'SELECT count(*)::int AS count FROM projection_checkpoints WHERE name = ANY($1) AND position >= $2::numeric',
    [distinct, position.toString()],
  );
  return count === distinct.length;
}
