import Decimal from 'decimal.js';
import type { CaseState } from '@casebook/domain';

/**
 * What one case event adds to the report's counters (PRODUCT.md §8), from the case as it was
 * before and after the event. Pure: the projection decides days and months (CASEBOOK_TZ) with
 * `dayOf`/`monthOf` and writes the counts. Every metric a query reads is named here.
 *
 * Day counters (`report_days`), by the local day of:
 * - the case's receivedAt: `received_severity`, `received_category`, `received_channel` (code: the
 *   value; moved when a case is reclassified; each sums to the cases received);
 * - the event: `closed` (code: the outcome; total: handling ms, receivedAt → close),
 *   `closed_valid_visited`, `closed_dissatisfied` (with dissatisfactionAccepted), `reopened`;
 *   `settlement` (total: the amount accepted); `visit` (code: satisfaction); `breach` (code: the
 *   clock); the supervision line's `reworked`, `paused` and `extended` (ExtensionApproved);
 * - a clock's due time, once it has an outcome: `clock_met` / `clock_breached` (code: the clock).
 *
 * Department counters (`report_department_months`), by the local month of a valid complaint's
 * CaseClosed, per department with a responsibility line (and `*` for the totals row): `weight`
 * and `loss` (totals), `handling` (one per closure: n and ms); and, once per case and month
 * (`distinct`), `cases`, `severity` and `cause` (code: major/general, the cause type). By the
 * local month of the event, per its department: `urged` (CaseUrged) and `notices` (NoticeIssued).
 *
 * Nothing is counted twice: cases open at a day's end are those received − closed + reopened up
 * to it. Fewer rows to move is what makes a rebuild fast.
 */
export interface DayCount {
  day: string;
  metric: string;
  code: string;
  n: number;
  total: Decimal.Value;
}

export interface DepartmentCount {
  month: string;
  departmentId: string;
  metric: string;
  code: string;
  n: number;
  total: Decimal.Value;
  /** Counts once per case, month, department, metric and code. */
  distinct: boolean;
}

export interface Counts {
  days: DayCount[];
  departments: DepartmentCount[];
}

export const ALL_DEPARTMENTS = '*';

interface Recorded {
  type: string;
  recordedAt: string;
  data: Record<string, unknown>;
}

const ms = (from: string, to: string) => Date.parse(to) - Date.parse(from);

/** The responsibility of a closed valid complaint (PRODUCT.md §7): its investigation's lines, else the assignment with share 1. */
const responsibility = (s: CaseState): { departmentId: string; share: string }[] => {
  if (s.investigation) return s.investigation.responsibility.map((l) => ({ departmentId: l.departmentId, share: String(l.share) }));
  if (s.assignment) return [{ departmentId: s.assignment.departmentId, share: '1' }];
  return [];
};

/** A line's loss: the accepted settlement × its share, to the cent. */
const loss = (s: CaseState, share: string): Decimal => {
  const amount = s.settlement?.status === 'accepted' ? s.settlement.amount : '0';
  return new Decimal(amount).times(share).toDecimalPlaces(2, Decimal.ROUND_HALF_UP);
};

export function countsOf(
  e: Recorded,
  before: CaseState | undefined,
  after: CaseState,
  dayOf: (instant: string) => string,
  monthOf: (instant: string) => string,
): Counts {
  const days: DayCount[] = [];
  const count = (day: string, metric: string, code = '', n = 1, total: Decimal.Value = 0) => days.push({ day, metric, code, n, total });
  const received = dayOf(after.receivedAt);
  if (before === undefined) {
    count(received, 'received_severity', after.severity);
    count(received, 'received_category', after.category);
    count(received, 'received_channel', after.channel);
  } else {
    for (const [metric, field] of [['received_severity', 'severity'], ['received_category', 'category']] as const) {
      if (before[field] === after[field]) continue;
      count(received, metric, before[field], -1);
      count(received, metric, after[field]);
    }
  }
  const today = dayOf(e.recordedAt);
  switch (e.type) {
    case 'CaseClosed':
      count(today, 'closed', after.outcome ?? '', 1, ms(after.receivedAt, e.recordedAt));
      if (after.outcome === 'valid' && after.returnVisits.length > 0) count(today, 'closed_valid_visited');
      if (e.data.dissatisfactionAccepted) count(today, 'closed_dissatisfied');
      break;
    case 'ReworkRequested':
      count(today, 'reworked');
      break;
    case 'ClockPaused':
      count(today, 'paused');
      break;
    case 'ExtensionApproved':
      count(today, 'extended');
      break;
    case 'CaseReopened':
      count(today, 'reopened');
      break;
    case 'SettlementAccepted':
      count(today, 'settlement', '', 1, before?.settlement?.amount ?? after.settlement?.amount ?? '0');
      break;
    case 'ReturnVisitRecorded':
      count(today, 'visit', String(e.data.satisfaction));
      break;
    case 'SlaBreached':
      count(today, 'breach', String(e.data.clock));
      break;
  }
  // A clock counts in its due day once, when it first has an outcome (met, or breached: stopped late or recorded by the watcher).
  const outcomeBefore = new Map((before?.sla ?? []).map((c) => [`${c.clock}/${c.startedAt}`, c.status]));
  for (const c of after.sla) {
    if (c.status === 'running' || (outcomeBefore.get(`${c.clock}/${c.startedAt}`) ?? 'running') !== 'running') continue;
    count(dayOf(c.dueAt), c.status === 'met' ? 'clock_met' : 'clock_breached', c.clock);
  }

  return { days, departments: departmentCountsOf(e, after, monthOf) };
}

const SUPERVISION_COUNTS: Record<string, string> = { CaseUrged: 'urged', NoticeIssued: 'notices' };

function departmentCountsOf(e: Recorded, after: CaseState, monthOf: (instant: string) => string): DepartmentCount[] {
  const month = monthOf(e.recordedAt);
  if (e.type === 'CaseClosed' && after.outcome === 'valid' && after.kind === 'complaint') {
    return departmentCounts(after, month, ms(after.receivedAt, e.recordedAt));
  }
  const metric = SUPERVISION_COUNTS[e.type];
  if (metric === undefined) return [];
  return [{ month, departmentId: String(e.data.departmentId), metric, code: '', n: 1, total: 0, distinct: false }];
}

/** One valid complaint closure's lines, per department and for the totals row. */
function departmentCounts(s: CaseState, month: string, handlingMs: number): DepartmentCount[] {
  const counts: DepartmentCount[] = [];
  const add = (departmentId: string, metric: string, code: string, total: Decimal.Value, distinct: boolean) =>
    counts.push({ month, departmentId, metric, code, n: 1, total, distinct });
  const cause = s.investigation?.causeType ?? 'not_investigated';
  const lines = responsibility(s);
  const byDepartment = new Map<string, { weight: Decimal; loss: Decimal }>();
  for (const line of lines) {
    const sum = byDepartment.get(line.departmentId) ?? { weight: new Decimal(0), loss: new Decimal(0) };
    byDepartment.set(line.departmentId, { weight: sum.weight.plus(line.share), loss: sum.loss.plus(loss(s, line.share)) });
  }
  for (const [departmentId, sum] of byDepartment) {
    add(departmentId, 'weight', '', sum.weight, false);
    add(departmentId, 'loss', '', sum.loss, false);
  }
  if (lines.length === 0) return counts;
  for (const departmentId of [...byDepartment.keys(), ALL_DEPARTMENTS]) {
    add(departmentId, 'handling', '', handlingMs, false);
    add(departmentId, 'cases', '', 0, true);
    add(departmentId, 'severity', s.severity, 0, true);
    add(departmentId, 'cause', cause, 0, true);
  }
  return counts;
}
