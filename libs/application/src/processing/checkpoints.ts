import type { DataSource, EntityManager } from 'typeorm';
import { ProjectionCheckpoint } from '@casebook/read-models';
import type { Projection } from '@casebook/projections';

/** Another runner moved the checkpoint: this one is stale and must not write. */
export class StaleCheckpointError extends Error {
  constructor(name: string, expected: bigint) {
    super(`checkpoint of ${name} is no longer at ${expected}: another runner has moved it`);
    this.name = 'StaleCheckpointError';
  }
}

/** Where a runner resumes: the stored checkpoint, created at 0 for a new projection. */
export async function loadCheckpoint(db: DataSource, projection: Projection): Promise<ProjectionCheckpoint> {
  await db
    .createQueryBuilder()
    .insert()
    .into(ProjectionCheckpoint)
    .values({ name: projection.name, version: projection.version, position: 0n, status: 'running', updatedAt: () => 'now()' })
    .orIgnore()
    .execute();
  return db.getRepository(ProjectionCheckpoint).findOneByOrFail({ name: projection.name });
}

/** Marks the projection running again (clearing a recorded failure), if still at `position`. */
export async function markRunning(db: DataSource, name: string, position: bigint): Promise<void> {
  await update(db, name, position, { status: 'running', error: null, failedEventId: null });
}

export async function markFailed(
  db: DataSource,
  name: string,
  position: bigint,
  failure: { error: string; failedEventId: string | null },
): Promise<void> {
  await update(db, name, position, { status: 'failed', ...failure });
}

/** Marks a rebuild under way (status `rebuilding`), if still at `position`. */
export async function markRebuilding(db: DataSource, name: string, position: bigint): Promise<void> {
  await update(db, name, position, { status: 'rebuilding', error: null, failedEventId: null });
}

/** Whether a rebuild has been asked for (POST /admin/projections/{name}/rebuild sets the status). */
export async function rebuildRequested(db: DataSource, name: string): Promise<boolean> {
  const checkpoint = await db.getRepository(ProjectionCheckpoint).findOneBy({ name });
  return checkpoint?.status === 'rebuilding';
}

/**
 * The switch-over of a rebuild, in its transaction: the checkpoint takes the rebuilt tables'
 * version and position, if the live one is still at `live`.
 */
export async function switchCheckpoint(
  db: EntityManager,
  name: string,
  live: bigint,
  to: { version: number; position: bigint },
): Promise<void> {
  const { affected } = await update(db, name, live, {
    version: to.version,
    position: to.position,
    status: 'running',
    error: null,
    failedEventId: null,
  });
  if (affected !== 1) throw new StaleCheckpointError(name, live);
}

/**
 * Moves the checkpoint from `from` to `to`, inside the batch's transaction (or alone, for a
 * batch with nothing to apply). The row stays locked until commit, so a second runner's
 * attempt waits, then finds the position moved and fails.
 */
export async function advanceCheckpoint(db: EntityManager, name: string, from: bigint, to: bigint): Promise<void> {
  const { affected } = await update(db, name, from, { position: to });
  if (affected !== 1) throw new StaleCheckpointError(name, from);
}

// Every write is guarded by the position the writer last saw, so a stale runner changes nothing.
const update = (db: DataSource | EntityManager, name: string, position: bigint, changes: Partial<ProjectionCheckpoint>) =>
  db
    .createQueryBuilder()
    .update(ProjectionCheckpoint)
    .set({ ...changes, updatedAt: () => 'now()' })
    .where('name = :name AND position = :position', { name, position: position.toString() })
    .execute();
