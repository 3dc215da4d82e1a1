import Decimal from 'decimal.js';
import type { EntityManager } from 'typeorm';
import type { StoredEvent } from '@casebook/event-store';
import { CASE_EVENT_TYPES, evolve, toRecorded, type CaseState } from '@casebook/domain';
import type { Projection } from '../projection';

/** The responsibility of a closed valid complaint (PRODUCT.md §7): its investigation's lines, else the assignment with share 1. */
const responsibility = (s: CaseState): { departmentId: string; staffId?: string; share: string }[] => {
  if (s.investigation) return s.investigation.responsibility.map((l) => ({ ...l, share: String(l.share) }));
  if (s.assignment) return [{ departmentId: s.assignment.departmentId, staffId: s.assignment.assigneeId, share: '1' }];
  return [];
};

const loss = (s: CaseState, share: string): string => {
  const amount = s.settlement?.status === 'accepted' ? s.settlement.amount : '0';
  return new Decimal(amount).times(share).toDecimalPlaces(2, Decimal.ROUND_HALF_UP).toFixed(2);
};

const hoursBetween = (from: string, to: string): string => new Decimal(Date.parse(to) - Date.parse(from)).dividedBy(3_600_000).toString();

interface Facts {
  cases: { case_id: string; site_id: string; kind: string; severity: string; category: string; channel: string; received_at: string; state: CaseState; version: number }[];
  closures: object[];
  lines: object[];
  reopens: object[];
  settlements: object[];
  visits: object[];
  clocks: Map<string, object>;
}

/** One event's facts, from the case as it was before and after it. */
function collect(facts: Facts, e: StoredEvent, before: CaseState | undefined, after: CaseState): void {
  const base = { event_id: e.eventId, case_id: after.caseId, site_id: after.siteId };
  switch (e.type) {
    case 'CaseClosed': {
      facts.closures.push({
        ...base,
        kind: after.kind,
        severity: after.severity,
        outcome: after.outcome,
        received_at: after.receivedAt,
        closed_at: e.recordedAt,
        had_return_visit: after.returnVisits.length > 0,
      });
      if (after.outcome === 'valid' && after.kind === 'complaint') {
        const causeType = after.investigation?.causeType ?? 'not_investigated';
        responsibility(after).forEach((line, i) =>
          facts.lines.push({
            ...base,
            line_no: i + 1,
            closed_at: e.recordedAt,
            handling_hours: hoursBetween(after.receivedAt, e.recordedAt),
            severity: after.severity,
            cause_type: causeType,
            department_id: line.departmentId,
            staff_id: line.staffId ?? null,
            share: line.share,
            loss_amount: loss(after, line.share),
          }),
        );
      }
      break;
    }
    case 'CaseReopened':
      facts.reopens.push({ ...base, reopened_at: e.recordedAt });
      break;
    case 'SettlementAccepted':
      facts.settlements.push({ ...base, accepted_at: e.recordedAt, amount: before?.settlement?.amount ?? after.settlement?.amount ?? '0' });
      break;
    case 'ReturnVisitRecorded':
      facts.visits.push({ ...base, visited_at: e.recordedAt, satisfaction: (e.data as { satisfaction: string }).satisfaction });
      break;
  }
  // A clock's outcome, once it has one (met, or breached: stopped late or recorded by the watcher), by its due time.
  for (const c of after.sla) {
    if (c.status === 'running') continue;
    facts.clocks.set(JSON.stringify([after.caseId, c.clock, c.startedAt]), {
      case_id: after.caseId,
      clock: c.clock,
      started_at: c.startedAt,
      due_at: c.dueAt,
      site_id: after.siteId,
      outcome: c.status,
    });
  }
}

/**
 * The fact tables of the monthly report (PRODUCT.md §8; migration ReportFacts1795444470044).
 * Folds each case with the domain's own `evolve` (its own copy of the state, like the cases
 * projection) and records, per event, the facts the report counts. Facts carry instants, not
 * months: the report query cuts months in CASEBOOK_TZ, so the projection needs no configuration.
 *
 * Idempotent: events at or below a case's folded version are skipped, and every fact is keyed
 * by its event (or by its clock), so a replayed batch changes nothing.
 */
export const reportsProjection: Projection = {
  name: 'reports',
  version: 1,
  types: CASE_EVENT_TYPES,
  tables: [
    'report_cases',
    'report_closures',
    'report_closure_lines',
    'report_reopens',
    'report_settlements',
    'report_visits',
    'report_clocks',
  ],

  async apply(events: StoredEvent[], manager: EntityManager): Promise<void> {
    const byCase = new Map<string, StoredEvent[]>();
    for (const e of events) {
      const caseId = e.streamId.slice('case-'.length);
      byCase.set(caseId, [...(byCase.get(caseId) ?? []), e]);
    }
    const rows: { state: CaseState }[] = await manager.query('SELECT state FROM report_cases WHERE case_id = ANY($1::uuid[])', [[...byCase.keys()]]);
    const states = new Map(rows.map((r) => [r.state.caseId, r.state]));
    const facts: Facts = { cases: [], closures: [], lines: [], reopens: [], settlements: [], visits: [], clocks: new Map() };

    for (const [caseId, caseEvents] of byCase) {
      let state = states.get(caseId);
      const fresh = caseEvents.filter((e) => state === undefined || Number(e.revision) > state.version);
      if (fresh.length === 0) continue;
      for (const e of fresh) {
        const after = evolve(state, toRecorded(e));
        collect(facts, e, state, after);
        state = after;
      }
      const s = state!;
      facts.cases.push({
        case_id: s.caseId,
        site_id: s.siteId,
        kind: s.kind,
        severity: s.severity,
        category: s.category,
        channel: s.channel,
        received_at: s.receivedAt,
        state: s,
        version: s.version,
      });
    }
    if (facts.cases.length === 0) return;

    await insert(
      manager,
      'report_cases',
      'case_id uuid, site_id text, kind text, severity text, category text, channel text, received_at timestamptz, state jsonb, version int',
      facts.cases,
      `ON CONFLICT (case_id) DO UPDATE SET severity = EXCLUDED.severity, category = EXCLUDED.category, state = EXCLUDED.state, version = EXCLUDED.version`,
    );
    await insert(
      manager,
      'report_closures',
      'event_id text, case_id uuid, site_id text, kind text, severity text, outcome text, received_at timestamptz, closed_at timestamptz, had_return_visit boolean',
      facts.closures,
    );
    await insert(
      manager,
      'report_closure_lines',
      'event_id text, line_no int, case_id uuid, site_id text, closed_at timestamptz, handling_hours numeric, severity text, cause_type text, department_id text, staff_id text, share numeric, loss_amount numeric',
      facts.lines,
    );
    await insert(manager, 'report_reopens', 'event_id text, case_id uuid, site_id text, reopened_at timestamptz', facts.reopens);
    await insert(manager, 'report_settlements', 'event_id text, case_id uuid, site_id text, accepted_at timestamptz, amount numeric', facts.settlements);
    await insert(manager, 'report_visits', 'event_id text, case_id uuid, site_id text, visited_at timestamptz, satisfaction text', facts.visits);
    await insert(
      manager,
      'report_clocks',
      'case_id uuid, clock text, started_at timestamptz, due_at timestamptz, site_id text, outcome text',
      [...facts.clocks.values()],
      'ON CONFLICT (case_id, clock, started_at) DO UPDATE SET due_at = EXCLUDED.due_at, outcome = EXCLUDED.outcome',
    );
  },
};

/** Inserts rows through jsonb_to_recordset; `columns` is the record's definition (names and types). */
async function insert(manager: EntityManager, table: string, columns: string, rows: object[], onConflict = 'ON CONFLICT DO NOTHING'): Promise<void> {
  if (rows.length === 0) return;
  const names = columns.split(',').map((c) => c.trim().split(' ')[0]).join(', ');
  await manager.query(`INSERT INTO ${table} (${names}) SELECT ${names} FROM jsonb_to_recordset($1::jsonb) AS r(${columns}) ${onConflict}`, [JSON.stringify(rows)]);
}
