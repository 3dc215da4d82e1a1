import type { EntityManager } from 'typeorm';
import { isWarned, type CaseState } from '@casebook/domain';
import type { StoredEvent } from '@casebook/event-store';
import { insertRows } from '../insert-rows';

/**
 * What the dashboards read beside the `cases` rows (migrations Dashboard1795444470070, ReportCounters1795444470090,
 * SupervisionClocks1795444470120),
 * kept by the cases projection from its own fold so that no other projection folds the cases
 * again for them: the clocks not stopped yet (those past due are the overdue ones), and one
 * fact row per breach and per rectification with the case's site (and assignment) as they were
 * when the event happened. An open clock's row says whether it is paused, warned (SlaAtRisk) for
 * its due time and has an extension request pending.
 */
export class DashboardFacts {
  private readonly breaches: { event_id: string; case_id: string; clock: string; site_id: string; at: string }[] = [];
  private readonly rectifications: { event_id: string; case_id: string; site_id: string; department_id: string; assigned_at: string; completed_at: string }[] = [];

  collect(e: StoredEvent, s: CaseState): void {
    if (e.type === 'SlaBreached') {
      this.breaches.push({ event_id: e.eventId, case_id: s.caseId, clock: String(e.data.clock), site_id: s.siteId, at: e.recordedAt });
    } else if (e.type === 'RectificationCompleted' && s.assignment) {
      this.rectifications.push({
        event_id: e.eventId,
        case_id: s.caseId,
        site_id: s.siteId,
        department_id: s.assignment.departmentId,
        assigned_at: s.assignment.assignedAt,
        completed_at: String(e.data.completedAt),
      });
    }
  }

  /** Writes the facts collected and replaces the open clocks of the `changed` cases. Facts are keyed by event: a replay adds nothing. */
  async write(changed: CaseState[], manager: EntityManager): Promise<void> {
    await manager.query('DELETE FROM dashboard_clocks WHERE case_id = ANY($1::uuid[])', [changed.map((s) => s.caseId)]);
    const clocks = changed.flatMap((s) =>
      s.sla.flatMap((c, seq) =>
        c.stoppedAt !== undefined
          ? []
          : [
              {
                case_id: s.caseId,
                seq,
                clock: c.clock,
                status: c.status,
                started_at: c.startedAt,
                due_at: c.dueAt,
                site_id: s.siteId,
                paused: c.paused,
                at_risk: isWarned(c),
                extension_pending: c.extensionRequest !== undefined,
              },
            ],
      ),
    );
    await insertRows(
      manager,
      'dashboard_clocks',
      'case_id uuid, seq int, clock text, status text, started_at timestamptz, due_at timestamptz, site_id text, paused boolean, at_risk boolean, extension_pending boolean',
      clocks,
    );
    await insertRows(manager, 'dashboard_breaches', 'event_id text, case_id uuid, clock text, site_id text, at timestamptz', this.breaches, 'ON CONFLICT (event_id) DO NOTHING');
    await insertRows(
      manager,
      'dashboard_rectifications',
      'event_id text, case_id uuid, site_id text, department_id text, assigned_at timestamptz, completed_at timestamptz',
      this.rectifications,
      'ON CONFLICT (event_id) DO NOTHING',
    );
  }
}
