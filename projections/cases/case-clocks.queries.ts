import type { DataSource, EntityManager } from 'typeorm';
import type { ClockName } from '@casebook/domain';

/**
 * What the SLA watcher does to the clocks in case_clocks (watched-clocks.ts), each at its own
 * time: resume a paused clock at its `resumeAt`, breach an unpaused one past its `dueAt`, warn a
 * running, unpaused one not yet warned once its `warnAt` has come (and before it is due).
 */
export type SlaDuty = 'resume' | 'breach' | 'warning';

/** A clock the cases projection keeps in case_clocks, with the instant `at` its duty fell due. */
export interface WatchedClock {
  caseId: string;
  clock: ClockName;
  startedAt: string;
  dueAt: string;
  accountableStaffId: string;
  siteId: string;
  /** While paused: since when. */
  pausedAt?: string;
  at: string;
}

/** Where a walk over the clocks of one duty stands: the last clock it was given. */
export type ClockCursor = Pick<WatchedClock, 'at' | 'caseId' | 'clock'>;

/** Each duty's time column and the rows it is over; each pair is a partial index (migration SupervisionClocks1795444470120). */
const DUTIES: Record<SlaDuty, { at: string; where: string }> = {
  resume: { at: 'resume_at', where: 'resume_at IS NOT NULL' },
  breach: { at: 'due_at', where: 'NOT paused' },
  // A clock past due gets its breach instead (PRODUCT.md §13).
  warning: { at: 'warn_at', where: 'warn_at IS NOT NULL AND due_at >= $1::timestamptz' },
};

interface Row {
  case_id: string;
  clock: ClockName;
  started_at: Date;
  due_at: Date;
  accountable_staff_id: string;
  site_id: string;
  paused_at: Date | null;
  at: Date;
}

/**
 * The clocks whose `duty` fell due before `now` (at or before, for a resume or a warning: the
 * decider wants a clock strictly past its due time only to breach it), the longest waiting
 * first, at most `limit`, after `after` (keyset paging, so a walk over thousands of clocks sees
 * each once even while the rows of the clocks it handled are still there).
 */
export async function dueClocks(
  db: DataSource | EntityManager,
  duty: SlaDuty,
  { now, after, limit }: { now: Date; after?: ClockCursor; limit: number },
): Promise<WatchedClock[]> {
  const { at, where } = DUTIES[duty];
  const params: unknown[] = [now.toISOString(), limit];
  let from = '';
  if (after) {
    params.push(after.at, after.caseId, after.clock);
    from = `AND (${at}, case_id, clock) > ($3::timestamptz, $4::uuid, $5::text)`;
  }
  const rows: Row[] = await db.query(
    `SELECT case_id, clock, started_at, due_at, accountable_staff_id, site_id, paused_at, ${at} AS at
       FROM case_clocks
      WHERE ${where} AND ${at} ${duty === 'breach' ? '<' : '<='} $1::timestamptz ${from}
      ORDER BY ${at}, case_id, clock
      LIMIT $2`,
    params,
  );
  return rows.map((r) => ({
    caseId: r.case_id,
    clock: r.clock,
    startedAt: r.started_at.toISOString(),
    dueAt: r.due_at.toISOString(),
    accountableStaffId: r.accountable_staff_id,
    siteId: r.site_id,
    ...(r.paused_at ? { pausedAt: r.paused_at.toISOString() } : {}),
    at: r.at.toISOString(),
  }));
}

/** The earliest instant at or after `now` at which a duty falls due: when the watcher next has work. */
export async function nextDutyAt(db: DataSource | EntityManager, now: Date): Promise<Date | undefined> {
  const next = (duty: SlaDuty) => `(SELECT min(${DUTIES[duty].at}) FROM case_clocks WHERE ${DUTIES[duty].where} AND ${DUTIES[duty].at} >= $1::timestamptz)`;
  const [row]: { at: Date | null }[] = await db.query(`SELECT least(${next('resume')}, ${next('breach')}, ${next('warning')}) AS at`, [now.toISOString()]);
  return row?.at ?? undefined;
}
