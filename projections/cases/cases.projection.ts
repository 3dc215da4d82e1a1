import type { EntityManager } from 'typeorm';
import type { StoredEvent } from '@casebook/event-store';
import { CASE_EVENT_TYPES, type CaseState } from '@casebook/domain';
import { foldCases } from '../case-folds';
import { insertRows } from '../insert-rows';
import { DashboardFacts } from './dashboard-facts';
import type { Projection } from '../projection';

/** The earliest due time of a clock not yet stopped (running or breached and still open). */
const nextDueAt = (state: CaseState): string | null =>
  state.sla
    .filter((c) => c.stoppedAt === undefined)
    .map((c) => c.dueAt)
    .sort()[0] ?? null;

/**
 * The SLA watcher's work (table case_clocks): clocks still running, and clocks stopped late
 * whose breach is not recorded yet.
 */
const clocksToWatch = (state: CaseState) =>
  state.sla
    .filter((c) => c.status === 'running' || (c.status === 'breached' && !c.breachRecorded))
    .map((c) => ({
      case_id: state.caseId,
      clock: c.clock,
      started_at: c.startedAt,
      due_at: c.dueAt,
      accountable_staff_id: c.accountableStaffId,
      site_id: state.siteId,
    }));

/**
 * Case list and detail, the running clocks the SLA watcher reads (case_clocks), and what the
 * dashboards read beside the case rows (dashboard-facts.ts), from each case folded with the
 * domain's own `evolve` (foldCases), so the read model, the decider and `?asOf=` agree on what a
 * case is; a replayed batch changes nothing. Version 2: the dashboard's tables.
 */
export const casesProjection: Projection = {
  name: 'cases',
  version: 2,
  types: CASE_EVENT_TYPES,
  tables: ['cases', 'case_clocks', 'dashboard_clocks', 'dashboard_breaches', 'dashboard_rectifications'],

  async apply(events: StoredEvent[], manager: EntityManager): Promise<void> {
    const dashboard = new DashboardFacts();
    const changed = await foldCases(events, 'cases', manager, (e, _before, after) => dashboard.collect(e, after));
    const erasedKeys = events.filter((e) => e.type === 'PersonalDataErased').map((e) => e.data.complainantKeyId);
    if (erasedKeys.length > 0) {
      // Crypto-shredding made durable: the key goes even if the API died after the event was written.
      await manager.query('DELETE FROM personal_data_keys WHERE key_id = ANY($1::uuid[])', [erasedKeys]);
    }
    if (changed.length === 0) return;

    await manager.query(
      `INSERT INTO cases (case_id, case_number, kind, status, site_id, category, severity, subject, received_at,
                          department_id, assignee_id, escalation_level, next_due_at, complainant_key_id, state,
                          version, updated_at)
       SELECT (s->>'caseId')::uuid, s->>'caseNumber', s->>'kind', s->>'status', s->>'siteId', s->>'category',
              s->>'severity', s->>'subject', (s->>'receivedAt')::timestamptz,
              s->'assignment'->>'departmentId', s->'assignment'->>'assigneeId', s->>'escalationLevel',
              (r.next_due_at)::timestamptz, (s->>'complainantKeyId')::uuid, s, (s->>'version')::int,
              (s->>'updatedAt')::timestamptz
         FROM jsonb_to_recordset($1::jsonb) AS r(s jsonb, next_due_at text)
       ON CONFLICT (case_id) DO UPDATE SET
         status = EXCLUDED.status, category = EXCLUDED.category, severity = EXCLUDED.severity,
         department_id = EXCLUDED.department_id, assignee_id = EXCLUDED.assignee_id,
         escalation_level = EXCLUDED.escalation_level, next_due_at = EXCLUDED.next_due_at,
         state = EXCLUDED.state, version = EXCLUDED.version, updated_at = EXCLUDED.updated_at`,
      [JSON.stringify(changed.map((s) => ({ s, next_due_at: nextDueAt(s) })))],
    );

    // A changed case's watched clocks replace its rows: started, stopped, breached or moved (a reassignment).
    await manager.query('DELETE FROM case_clocks WHERE case_id = ANY($1::uuid[])', [changed.map((s) => s.caseId)]);
    await insertRows(
      manager,
      'case_clocks',
      'case_id uuid, clock text, started_at timestamptz, due_at timestamptz, accountable_staff_id text, site_id text',
      changed.flatMap(clocksToWatch),
    );
    await dashboard.write(changed, manager);
  },
};
