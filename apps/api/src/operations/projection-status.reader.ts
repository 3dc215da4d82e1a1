import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { EVENT_STORE, type EventStore } from '@casebook/event-store';
import { CLOCK, type Clock } from '@casebook/platform';
import { readCheckpoints } from '@casebook/read-models';
import { RUNNER_NAMES, runnerLockKey } from '@casebook/application';

/** Lag in events is counted up to this many and no further (a count walks the events). */
export const LAG_EVENTS_CAP = 100_000;

export type RunnerStatus = 'running' | 'failed' | 'rebuilding' | 'standby' | 'not started';

/** One row of GET /admin/projections. */
export interface ProjectionStatusView {
  name: string;
  /** Global position of the last event processed, decimal ("0" before the first). */
  checkpoint: string;
  /** Events after the checkpoint, counted, at most LAG_EVENTS_CAP. */
  lagEvents: number;
  /** Age of the oldest unprocessed event by the injected clock (now − its recordedAt); 0 when caught up. */
  lagMs: number;
  status: RunnerStatus;
  error?: string;
  failedEventId?: string;
}

/**
 * How far each runner of the worker (projections and process managers, RUNNER_NAMES) has got,
 * from the shared picture: the checkpoints table, the event store and PostgreSQL's advisory
 * locks, so the answer is the same from any api replica, with or without a worker inside.
 *
 * Status: `not started` without a checkpoint; `failed` / `rebuilding` as the checkpoint says;
 * `running` when a runner holds the projection's lock; `standby` when the checkpoint says
 * running but no runner holds the lock (no worker up, or a handover under way).
 */
@Injectable()
export class ProjectionStatusReader {
  constructor(
    private readonly db: DataSource,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async read(): Promise<ProjectionStatusView[]> {
    const [checkpoints, locked] = await Promise.all([readCheckpoints(this.db), this.lockedRunners()]);
    const byName = new Map(checkpoints.map((checkpoint) => [checkpoint.name, checkpoint]));
    const now = this.clock.now().getTime();
    return Promise.all(
      RUNNER_NAMES.map(async (name): Promise<ProjectionStatusView> => {
        const checkpoint = byName.get(name);
        const position = checkpoint?.position ?? 0n;
        const lagEvents = await this.store.countAfter(position, LAG_EVENTS_CAP);
        const [oldest] = lagEvents > 0 ? await this.store.readAll({ from: position, max: 1 }) : [];
        const lagMs = oldest ? Math.max(0, now - Date.parse(oldest.recordedAt)) : 0;
        const view: ProjectionStatusView = { name, checkpoint: position.toString(), lagEvents, lagMs, status: 'not started' };
        if (!checkpoint) return view;
        view.status = checkpoint.status === 'running' && !locked.has(name) ? 'standby' : checkpoint.status;
        if (checkpoint.error) view.error = checkpoint.error;
        if (checkpoint.failedEventId) view.failedEventId = checkpoint.failedEventId;
        return view;
      }),
    );
  }

  /** The runners whose advisory lock some session of this database holds now. */
  private async lockedRunners(): Promise<Set<string>> {
    // pg_try_advisory_lock(bigint) on hashtext's int4: pg_locks shows the key's high half in
    // classid and its low half in objid (objsubid 1 marks the single-bigint form).
    const rows: { name: string }[] = await this.db.query(
      `SELECT n.name FROM unnest($1::text[], $2::text[]) AS n(name, key)
        WHERE EXISTS (
          SELECT 1 FROM pg_locks l
           WHERE l.locktype = 'advisory' AND l.granted AND l.objsubid = 1
             AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())
             AND ((l.classid::bigint << 32) | l.objid::bigint) = hashtext(n.key)::bigint)`,
      [RUNNER_NAMES, RUNNER_NAMES.map(runnerLockKey)],
    );
    return new Set(rows.map((row) => row.name));
  }
}
