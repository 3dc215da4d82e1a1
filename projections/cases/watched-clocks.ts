import type { EntityManager } from 'typeorm';
import { atRiskAt, DEFAULT_POLICIES, isWarned, withAddedDefaults, type CaseState, type SlaClock } from '@casebook/domain';
import type { StoredEvent } from '@casebook/event-store';
import { insertRows } from '../insert-rows';

/**
 * The SLA watcher's work (table case_clocks): the clocks still running, and those stopped late
 * whose breach is not recorded yet, each with what the watcher does next to it (PRODUCT.md §4,
 * §13): its breach at `due_at` (never while paused), its automatic resume at `resume_at` (while
 * paused), its warning at `warn_at` (running, unpaused, not yet warned for its due time).
 *
 * `warn_at` depends on the SLA policy's warnAtFraction, which the decider takes from the policy
 * in force when it decides: the projection follows the SLA policy's changes (PolicyChanged) in
 * case_clocks_policy and moves every pending warning when the fraction changes.
 */

const COLUMNS =
  'case_id uuid, seq int, clock text, started_at timestamptz, due_at timestamptz, accountable_staff_id text, site_id text, ' +
  'paused boolean, paused_at timestamptz, resume_at timestamptz, paused_ms bigint, warn_at timestamptz';

const watched = (c: SlaClock) => c.status === 'running' || (c.status === 'breached' && !c.breachRecorded);

const rowsOf = (s: CaseState, fraction: number) =>
  s.sla.flatMap((c, seq) =>
    watched(c)
      ? [
          {
            case_id: s.caseId,
            seq,
            clock: c.clock,
            started_at: c.startedAt,
            due_at: c.dueAt,
            accountable_staff_id: c.accountableStaffId,
            site_id: s.siteId,
            paused: c.paused,
            paused_at: c.pausedAt ?? null,
            resume_at: c.paused ? (c.resumeAt ?? null) : null,
            paused_ms: c.pausedMs,
            warn_at: c.status === 'running' && !c.paused && !isWarned(c) ? atRiskAt(c, fraction) : null,
          },
        ]
      : [],
  );

/** The warnAtFraction of the last SLA policy change among `events`, if there is one. */
function changedFraction(events: StoredEvent[]): number | undefined {
  const change = events.filter((e) => e.type === 'PolicyChanged' && e.data.policy === 'sla').at(-1);
  return change && withAddedDefaults('sla', change.data.body).warnAtFraction;
}

async function storedFraction(manager: EntityManager): Promise<number> {
  const [row]: { warn_at_fraction: number }[] = await manager.query('SELECT warn_at_fraction FROM case_clocks_policy');
  return row?.warn_at_fraction ?? DEFAULT_POLICIES.sla.policy.warnAtFraction;
}

/** Moves every pending warning to the fraction now in force. */
async function rewarn(fraction: number, manager: EntityManager): Promise<void> {
  const rows: { case_id: string; seq: number; started_at: Date; due_at: Date; paused_ms: string }[] = await manager.query(
    'SELECT case_id, seq, started_at, due_at, paused_ms FROM case_clocks WHERE warn_at IS NOT NULL',
  );
  if (rows.length === 0) return;
  const moved = rows.map((r) => ({
    case_id: r.case_id,
    seq: r.seq,
    warn_at: atRiskAt({ startedAt: r.started_at.toISOString(), dueAt: r.due_at.toISOString(), pausedMs: Number(r.paused_ms) }, fraction),
  }));
  await manager.query(
    `UPDATE case_clocks c SET warn_at = r.warn_at FROM jsonb_to_recordset($1::jsonb) AS r(case_id uuid, seq int, warn_at timestamptz)
      WHERE c.case_id = r.case_id AND c.seq = r.seq`,
    [JSON.stringify(moved)],
  );
}

/**
 * Replaces the watched clocks of the `changed` cases (started, stopped, breached, paused,
 * resumed, extended, warned or moved by a reassignment), after the SLA policy changes among
 * `policyEvents`.
 */
export async function writeWatchedClocks(changed: CaseState[], policyEvents: StoredEvent[], manager: EntityManager): Promise<void> {
  const changedTo = changedFraction(policyEvents);
  if (changedTo !== undefined) {
    await manager.query(
      'INSERT INTO case_clocks_policy (warn_at_fraction) VALUES ($1) ON CONFLICT (id) DO UPDATE SET warn_at_fraction = EXCLUDED.warn_at_fraction',
      [changedTo],
    );
    await rewarn(changedTo, manager);
  }
  if (changed.length === 0) return;
  const fraction = changedTo ?? (await storedFraction(manager));
  await manager.query('DELETE FROM case_clocks WHERE case_id = ANY($1::uuid[])', [changed.map((s) => s.caseId)]);
  await insertRows(manager, 'case_clocks', COLUMNS, changed.flatMap((s) => rowsOf(s, fraction)));
}
