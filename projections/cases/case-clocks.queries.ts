import type { DataSource, EntityManager } from 'typeorm';
import type { ClockName } from '@casebook/domain';

/** A clock neither stopped nor breached, as the cases projection keeps it in case_clocks. */
export interface RunningClock {
  caseId: string;
  clock: ClockName;
  startedAt: string;
  dueAt: string;
  accountableStaffId: string;
  siteId: string;
}

/** Where a walk over the due clocks stands: the last clock it was given. */
export type ClockCursor = Pick<RunningClock, 'dueAt' | 'caseId' | 'clock'>;

interface Row {
  case_id: string;
  clock: ClockName;
  started_at: Date;
  due_at: Date;
  accountable_staff_id: string;
  site_id: string;
}

/**
 * Running clocks due before `now`, the longest overdue first, at most `limit`, after `after`
 * (keyset paging, so a walk over thousands of clocks sees each once even while the rows of the
 * clocks it breached are still there).
 */
export async function dueClocks(
  db: DataSource | EntityManager,
  { now, after, limit }: { now: Date; after?: ClockCursor; limit: number },
): Promise<RunningClock[]> {
  const params: unknown[] = [now.toISOString(), limit];
  let from = '';
  if (after) {
    params.push(after.dueAt, after.caseId, after.clock);
    from = 'AND (due_at, case_id, clock) > ($3::timestamptz, $4::uuid, $5::text)';
  }
  const rows: Row[] = await db.query(
    `SELECT case_id, clock, started_at, due_at, accountable_staff_id, site_id
       FROM case_clocks
      WHERE due_at < $1::timestamptz ${from}
      ORDER BY due_at, case_id, clock
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
  }));
}

/** The earliest due time of a running clock at or after `now`: when the next breach is due. */
export async function nextDueAt(db: DataSource | EntityManager, now: Date): Promise<Date | undefined> {
  const [row]: { due_at: Date | null }[] = await db.query(
    'SELECT min(due_at) AS due_at FROM case_clocks WHERE due_at >= $1::timestamptz',
    [now.toISOString()],
  );
  return row?.due_at ?? undefined;
}
