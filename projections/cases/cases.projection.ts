import type { EntityManager } from 'typeorm';
import type { StoredEvent } from '@casebook/event-store';
import { CASE_EVENT_TYPES, POLICY_EVENT_TYPES, type CaseState } from '@casebook/domain';
import { foldCases } from '../case-folds';
import { DashboardFacts } from './dashboard-facts';
import { writeWatchedClocks } from './watched-clocks';
import type { Projection } from '../projection';

/** The earliest due time of a clock not yet stopped (running or breached and still open) and not paused (never breached). */
const nextDueAt = (state: CaseState): string | null =>
  state.sla
    .filter((c) => c.stoppedAt === undefined && !c.paused)
    .map((c) => c.dueAt)
    .sort()[0] ?? null;

/**
 * Case list and detail, the clocks the SLA watcher watches (case_clocks, watched-clocks.ts), and
 * what the dashboards read beside the case rows (dashboard-facts.ts), from each case folded with
 * the domain's own `evolve` (foldCases), so the read model, the decider and `?asOf=` agree on what
 * a case is; a replayed batch changes nothing. Version 2: the dashboard's tables. Version 3: the
 * supervision line (paused clocks, automatic resumes and warnings, for which it follows the SLA
 * policy's changes).
 */
export const casesProjection: Projection = {
  name: 'cases',
  version: 3,
  types: [...CASE_EVENT_TYPES, ...POLICY_EVENT_TYPES],
  tables: ['cases', 'case_clocks', 'case_clocks_policy', 'dashboard_clocks', 'dashboard_breaches', 'dashboard_rectifications'],

  async apply(events: StoredEvent[], manager: EntityManager): Promise<void> {
    const policyEvents = events.filter((e) => e.type === 'PolicyChanged');
    const caseEvents = policyEvents.length > 0 ? events.filter((e) => e.type !== 'PolicyChanged') : events;
    const dashboard = new DashboardFacts();
    const changed = await foldCases(caseEvents, 'cases', manager, (e, _before, after) => dashboard.collect(e, after));
    const erasedKeys = caseEvents.filter((e) => e.type === 'PersonalDataErased').map((e) => e.data.complainantKeyId);
    if (erasedKeys.length > 0) {
      // Crypto-shredding made durable: the key goes even if the API died after the event was written.
      await manager.query('DELETE FROM personal_data_keys WHERE key_id = ANY($1::uuid[])', [erasedKeys]);
    }
    await writeWatchedClocks(changed, policyEvents, manager);
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
    await dashboard.write(changed, manager);
  },
};
