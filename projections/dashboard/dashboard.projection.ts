import type { EntityManager } from 'typeorm';
import type { StoredEvent } from '@casebook/event-store';
import { CASE_EVENT_TYPES, type CaseState } from '@casebook/domain';
import { compact, foldCases } from '../case-folds';
import type { Projection } from '../projection';

/**
 * MonthlyReportPublished (stream `report-{YYYY-MM}[-{siteId}]`): only the month and the site
 * are read here; the monthly report's own read model is someone else's.
 */
const REPORT_PUBLISHED = 'MonthlyReportPublished';

/** The scope of a company-wide report (site ids never contain `*`). */
export const ALL_SITES_REPORT = '*';

interface Facts {
  breaches: { event_id: string; case_id: string; clock: string; site_id: string; at: string }[];
  rectifications: { event_id: string; case_id: string; site_id: string; department_id: string; assigned_at: string; completed_at: string }[];
}

/**
 * The dashboards' read model (migrations Dashboard1795444470070, ReportCounters1795444470090):
 * what the overview and the departments view need of cases as they are now, which counters
 * cannot give. Folds each case with the domain's `evolve` (on its own compact copy of the
 * state, so the dashboard depends on no other projection's progress), writes the case's counted
 * columns and its clocks not stopped yet, and records one fact row per breach and
 * rectification, with the case's site (and assignment) as they were when the event happened.
 * The overview's received/closed/compliance/satisfaction figures come from the reports
 * projection's day counters.
 *
 * Idempotent by construction: events at or below a case row's version are skipped, fact rows
 * are keyed by event id (ON CONFLICT DO NOTHING), a published month is keyed by month and scope.
 */
export const dashboardProjection: Projection = {
  name: 'dashboard',
  version: 2,
  types: [...CASE_EVENT_TYPES, REPORT_PUBLISHED],
  tables: ['dashboard_cases', 'dashboard_clocks', 'dashboard_breaches', 'dashboard_rectifications', 'dashboard_reports'],

  async apply(events: StoredEvent[], manager: EntityManager): Promise<void> {
    const reports = events.filter((e) => e.type === REPORT_PUBLISHED);
    if (reports.length > 0) await insertReports(reports, manager);

    const facts: Facts = { breaches: [], rectifications: [] };
    const caseEvents = events.filter((e) => e.type !== REPORT_PUBLISHED);
    const changed = await foldCases(caseEvents, 'dashboard_cases', manager, (e, _before, after) => collectFacts(e, after, facts));
    if (changed.length === 0) return;
    await writeCases(changed.map(compact), manager);
    await writeFacts(facts, manager);
  },
};

function collectFacts(e: StoredEvent, s: CaseState, facts: Facts): void {
  const data = e.data as Record<string, any>;
  switch (e.type) {
    case 'SlaBreached':
      facts.breaches.push({ event_id: e.eventId, case_id: s.caseId, clock: data.clock, site_id: s.siteId, at: e.recordedAt });
      break;
    case 'RectificationCompleted':
      if (s.assignment) {
        facts.rectifications.push({
          event_id: e.eventId,
          case_id: s.caseId,
          site_id: s.siteId,
          department_id: s.assignment.departmentId,
          assigned_at: s.assignment.assignedAt,
          completed_at: data.completedAt,
        });
      }
      break;
    default:
      break;
  }
}

async function writeCases(changed: CaseState[], manager: EntityManager): Promise<void> {
  await manager.query(
    `INSERT INTO dashboard_cases (case_id, site_id, status, category, escalation_level, received_at, department_id,
                                  assigned_at, closed_at, version, state)
     SELECT (s->>'caseId')::uuid, s->>'siteId', s->>'status', s->>'category', s->>'escalationLevel',
            (s->>'receivedAt')::timestamptz, s->'assignment'->>'departmentId',
            (s->'assignment'->>'assignedAt')::timestamptz, (s->>'closedAt')::timestamptz, (s->>'version')::int, s
       FROM jsonb_array_elements($1::jsonb) AS s
     ON CONFLICT (case_id) DO UPDATE SET
       status = EXCLUDED.status, category = EXCLUDED.category, escalation_level = EXCLUDED.escalation_level,
       department_id = EXCLUDED.department_id, assigned_at = EXCLUDED.assigned_at, closed_at = EXCLUDED.closed_at,
       version = EXCLUDED.version, state = EXCLUDED.state`,
    [JSON.stringify(changed)],
  );
  await manager.query('DELETE FROM dashboard_clocks WHERE case_id = ANY($1::uuid[])', [changed.map((s) => s.caseId)]);
  // Only clocks not stopped: what overdue counts (compliance is counted in report_days).
  const clocks = changed.flatMap((s) =>
    s.sla.flatMap((c, seq) => (c.stoppedAt !== undefined ? [] : [{
      case_id: s.caseId,
      seq,
      clock: c.clock,
      status: c.status,
      started_at: c.startedAt,
      due_at: c.dueAt,
      site_id: s.siteId,
    }])),
  );
  if (clocks.length === 0) return;
  await manager.query(
    `INSERT INTO dashboard_clocks (case_id, seq, clock, status, started_at, due_at, site_id)
     SELECT case_id, seq, clock, status, started_at, due_at, site_id
       FROM jsonb_to_recordset($1::jsonb) AS r(case_id uuid, seq int, clock text, status text, started_at timestamptz,
              due_at timestamptz, site_id text)`,
    [JSON.stringify(clocks)],
  );
}

async function writeFacts(facts: Facts, manager: EntityManager): Promise<void> {
  const insert = async (table: string, columns: string, types: string, rows: object[]) => {
    if (rows.length === 0) return;
    await manager.query(
      `INSERT INTO ${table} (${columns}) SELECT ${columns} FROM jsonb_to_recordset($1::jsonb) AS r(${types})
       ON CONFLICT (event_id) DO NOTHING`,
      [JSON.stringify(rows)],
    );
  };
  await insert(
    'dashboard_breaches',
    'event_id, case_id, clock, site_id, at',
    'event_id text, case_id uuid, clock text, site_id text, at timestamptz',
    facts.breaches,
  );
  await insert(
    'dashboard_rectifications',
    'event_id, case_id, site_id, department_id, assigned_at, completed_at',
    'event_id text, case_id uuid, site_id text, department_id text, assigned_at timestamptz, completed_at timestamptz',
    facts.rectifications,
  );
}

/** A month's report is published for its site (`report-YYYY-MM-{siteId}`) or company-wide (`report-YYYY-MM`). */
async function insertReports(events: StoredEvent[], manager: EntityManager): Promise<void> {
  const rows = events.flatMap((e) => {
    const data = e.data as { month?: unknown; siteId?: unknown };
    const fromStream = /^report-(\d{4}-\d{2})(?:-(.+))?$/.exec(e.streamId);
    const month = typeof data.month === 'string' ? data.month : fromStream?.[1];
    if (!month) return [];
    const site = typeof data.siteId === 'string' && data.siteId !== '' ? data.siteId : (fromStream?.[2] ?? ALL_SITES_REPORT);
    return [{ month, scope: site, published_at: e.recordedAt }];
  });
  if (rows.length === 0) return;
  await manager.query(
    `INSERT INTO dashboard_reports (month, scope, published_at)
     SELECT month, scope, published_at FROM jsonb_to_recordset($1::jsonb) AS r(month text, scope text, published_at timestamptz)
     ON CONFLICT (month, scope) DO NOTHING`,
    [JSON.stringify(rows)],
  );
}
