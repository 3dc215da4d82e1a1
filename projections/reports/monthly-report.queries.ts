import Decimal from 'decimal.js';
import { DateTime } from 'luxon';
import type { DataSource, EntityManager } from 'typeorm';
import { CLOCKS } from '@casebook/domain';
import { monthNoticeStatus, monthPenaltyTotal, monthStaffPenalties, type NoticeStatus } from '../penalties/penalty.queries';
import { ALL_SITES } from '../penalties/penalties.projection';
import { ALL_DEPARTMENTS } from './report-counts';

/** PRODUCT.md §8: the report of a month, `live` until published. */
export interface MonthlyReport {
  month: string;
  siteId: string | null;
  status: 'live' | 'published';
  publishedAt?: string;
  /** The month's penalty notice (PRODUCT.md §14), as the penalty summary counts it; frozen with a published report. */
  noticeStatus: NoticeStatus;
  summary: ReportSummary;
  departments: DepartmentRow[];
  totals: Omit<DepartmentRow, 'departmentId' | 'departmentName' | 'departmentNameZh'>;
  staffPenalties: { staffId: string; staffName: string | null; departmentId: string | null; points: string; amount: string; lines: number }[];
}

export interface ReportSummary {
  received: number;
  closed: number;
  openAtEnd: number;
  validClosed: number;
  invalidClosed: number;
  /** With validClosed and invalidClosed, the closures by outcome: they add up to `closed`. */
  resolvedOnSpot: number;
  answered: number;
  completed: number;
  /** Closed with dissatisfactionAccepted (PRODUCT.md §13). */
  closedDissatisfied: number;
  reworked: number;
  paused: number;
  /** Extensions approved. */
  extended: number;
  major: number;
  general: number;
  reopened: number;
  avgHandlingHours: string | null;
  byCategory: Record<string, number>;
  byChannel: Record<string, number>;
  settlementTotal: string;
  penaltyPoints: string;
  penaltyAmount: string;
  slaCompliance: Record<string, { met: number; breached: number; rate: string | null }>;
  satisfactionRate: string | null;
  returnVisitRate: string | null;
}

export interface DepartmentRow {
  departmentId: string;
  departmentName: string | null;
  departmentNameZh: string | null;
  cases: number;
  responsibilityWeight: string;
  responsibilityRatio: string | null;
  major: number;
  general: number;
  byCauseType: Record<string, number>;
  lossAmount: string;
  penaltyPoints: string;
  penaltyAmount: string;
  avgHandlingHours: string | null;
  /** CaseUrged and NoticeIssued naming the department (PRODUCT.md §13). */
  urged: number;
  notices: number;
}

/** A percent with 2 places (half-up), null when the denominator is 0. */
export const percent = (part: Decimal.Value, whole: Decimal.Value): string | null =>
  new Decimal(whole).isZero() ? null : new Decimal(part).times(100).dividedBy(whole).toDecimalPlaces(2, Decimal.ROUND_HALF_UP).toFixed(2);

const fixed = (value: Decimal.Value | null, places: number): string => new Decimal(value ?? 0).toDecimalPlaces(places, Decimal.ROUND_HALF_UP).toFixed(places);
const avg2 = (sum: Decimal.Value | null, n: number): string | null => (n === 0 || sum === null ? null : fixed(new Decimal(sum).dividedBy(n), 2));
const int = (value: string | number | null) => Number(value ?? 0);

/** The local days a month spans: [first, next). */
function monthDays(month: string): { first: string; next: string } {
  const first = DateTime.fromFormat(month, 'yyyy-MM', { zone: 'utc' });
  if (!first.isValid) throw new RangeError(`not a month: ${month}`);
  return { first: first.toISODate()!, next: first.plus({ months: 1 }).toISODate()! };
}

const HOUR_MS = 3_600_000;

/** Counter rows (metric, code → n, total) as read back; a metric without a code sums all its codes, 0 when absent. */
class Counters {
  constructor(private readonly rows: { metric: string; code: string; n: string; total: string }[]) {}

  private of(metric: string, code?: string) {
    return this.rows.filter((r) => r.metric === metric && (code === undefined || r.code === code));
  }

  n(metric: string, code?: string): number {
    return this.of(metric, code).reduce((sum, r) => sum + int(r.n), 0);
  }

  total(metric: string, code?: string): Decimal {
    return this.of(metric, code).reduce((sum, r) => sum.plus(r.total), new Decimal(0));
  }

  /** The counts of a metric by code, codes in order, leaving out codes whose count is back to 0. */
  byCode(metric: string): Record<string, number> {
    const codes = [...new Set(this.of(metric).map((r) => r.code))].sort();
    return Object.fromEntries(codes.flatMap((code) => (this.n(metric, code) === 0 ? [] : [[code, this.n(metric, code)]])));
  }

  /** Average hours, 2 places, of a metric whose total is milliseconds (all its codes). */
  avgHours(metric: string): string | null {
    return avg2(this.total(metric).dividedBy(HOUR_MS), this.n(metric));
  }
}

/**
 * The monthly statistics report (PRODUCT.md §8) from the `reports` projection's counters (what
 * each counts: report-counts.ts) and the penalty ledger's month totals. A month reads its local
 * days' rows of the scopes asked (a site each, or `*` for all sites): at most 31 days of rows per
 * scope whatever the volume. Months are local months of CASEBOOK_TZ, the zone the projection
 * cuts days in; penalties count in the month their assessment names (the same zone).
 */
export class MonthlyReportQueries {
  constructor(private readonly db: DataSource | EntityManager) {}

  async live(month: string, sites: string[] | 'all', siteId: string | null): Promise<MonthlyReport> {
    const { first, next } = monthDays(month);
    const scopes = sites === 'all' ? [ALL_SITES] : sites;
    const [days, [open], departments, penalties, staffPenalties, noticeStatus] = await Promise.all([
      this.db.query(
        `SELECT metric, code, sum(n)::text AS n, sum(total)::text AS total FROM report_days
          WHERE site_id = ANY($1::text[]) AND day >= $2 AND day < $3 GROUP BY metric, code`,
        [scopes, first, next],
      ),
      // Open at the month's end: received − closed + reopened, up to its last day.
      this.db.query(
        `SELECT sum(CASE metric WHEN 'closed' THEN -n ELSE n END)::text AS n FROM report_days
          WHERE site_id = ANY($1::text[]) AND metric IN ('received_severity', 'closed', 'reopened') AND day < $2`,
        [scopes, next],
      ),
      this.departments(month, scopes),
      monthPenaltyTotal(this.db, month, scopes),
      this.staffPenalties(month, sites),
      monthNoticeStatus(this.db, month, sites),
    ]);
    const c = new Counters(days);
    const slaCompliance: ReportSummary['slaCompliance'] = {};
    for (const clock of CLOCKS) {
      const met = c.n('clock_met', clock);
      const breached = c.n('clock_breached', clock);
      slaCompliance[clock] = { met, breached, rate: percent(met, met + breached) };
    }
    const visits = c.byCode('visit');
    const visited = Object.values(visits).reduce((sum, n) => sum + n, 0);
    const summary: ReportSummary = {
      received: c.n('received_severity'),
      closed: c.n('closed'),
      openAtEnd: int(open.n),
      validClosed: c.n('closed', 'valid'),
      invalidClosed: c.n('closed', 'invalid'),
      resolvedOnSpot: c.n('closed', 'resolved_on_spot'),
      answered: c.n('closed', 'answered'),
      completed: c.n('closed', 'completed'),
      closedDissatisfied: c.n('closed_dissatisfied'),
      reworked: c.n('reworked'),
      paused: c.n('paused'),
      extended: c.n('extended'),
      major: c.n('received_severity', 'major'),
      general: c.n('received_severity', 'general'),
      reopened: c.n('reopened'),
      avgHandlingHours: c.avgHours('closed'),
      byCategory: c.byCode('received_category'),
      byChannel: c.byCode('received_channel'),
      settlementTotal: fixed(c.total('settlement'), 2),
      penaltyPoints: fixed(penalties.points, 2),
      penaltyAmount: fixed(penalties.amount, 2),
      slaCompliance,
      satisfactionRate: percent((visits.very_satisfied ?? 0) + (visits.satisfied ?? 0), visited),
      returnVisitRate: percent(c.n('closed_valid_visited'), c.n('closed', 'valid')),
    };
    return { month, siteId, status: 'live', noticeStatus, summary, ...departments, staffPenalties };
  }

  private async departments(month: string, scopes: string[]): Promise<Pick<MonthlyReport, 'departments' | 'totals'>> {
    const rows: { department_id: string; metric: string; code: string; n: string; total: string }[] = await this.db.query(
      `SELECT department_id, metric, code, sum(n)::text AS n, sum(total)::text AS total FROM report_department_months
        WHERE site_id = ANY($1::text[]) AND month = $2 GROUP BY 1, 2, 3`,
      [scopes, month],
    );
    const by = new Map<string, typeof rows>();
    for (const r of rows) by.set(r.department_id, [...(by.get(r.department_id) ?? []), r]);
    const ids = [...by.keys()].filter((id) => id !== ALL_DEPARTMENTS).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    const [names, penalties] = await Promise.all([
      this.db.query<{ id: string; name: string; name_zh: string | null }[]>('SELECT id, name, name_zh FROM directory_departments WHERE id = ANY($1::text[])', [ids]),
      this.db.query<{ target_id: string; points: string; amount: string }[]>(
        `SELECT target_id, sum(points)::text AS points, sum(amount)::text AS amount FROM penalty_totals
          WHERE month = $1 AND scope = ANY($2::text[]) AND target_type = 'department' AND target_id = ANY($3::text[]) GROUP BY target_id`,
        [month, scopes, ids],
      ),
    ]);
    const counters = (id: string) => new Counters(by.get(id) ?? []);
    const totalWeight = ids.reduce((sum, id) => sum.plus(counters(id).total('weight')), new Decimal(0));
    const departments: DepartmentRow[] = ids.map((id) => {
      const c = counters(id);
      const name = names.find((d) => d.id === id);
      const p = penalties.find((x) => x.target_id === id);
      return {
        departmentId: id,
        departmentName: name?.name ?? null,
        departmentNameZh: name?.name_zh ?? null,
        cases: c.n('cases'),
        responsibilityWeight: fixed(c.total('weight'), 4),
        responsibilityRatio: percent(c.total('weight'), totalWeight),
        major: c.n('severity', 'major'),
        general: c.n('severity', 'general'),
        byCauseType: c.byCode('cause'),
        lossAmount: fixed(c.total('loss'), 2),
        penaltyPoints: fixed(p?.points ?? 0, 2),
        penaltyAmount: fixed(p?.amount ?? 0, 2),
        avgHandlingHours: c.avgHours('handling'),
        urged: c.n('urged'),
        notices: c.n('notices'),
      };
    });
    const sum = (pick: (d: DepartmentRow) => string) => departments.reduce((s, d) => s.plus(pick(d)), new Decimal(0));
    const all = counters(ALL_DEPARTMENTS);
    const totals = {
      cases: all.n('cases'),
      responsibilityWeight: fixed(totalWeight, 4),
      responsibilityRatio: totalWeight.isZero() ? null : '100.00',
      major: all.n('severity', 'major'),
      general: all.n('severity', 'general'),
      byCauseType: all.byCode('cause'),
      lossAmount: fixed(sum((d) => d.lossAmount), 2),
      penaltyPoints: fixed(sum((d) => d.penaltyPoints), 2),
      penaltyAmount: fixed(sum((d) => d.penaltyAmount), 2),
      avgHandlingHours: all.avgHours('handling'),
      urged: departments.reduce((n, d) => n + d.urged, 0),
      notices: departments.reduce((n, d) => n + d.notices, 0),
    };
    return { departments, totals };
  }

  private async staffPenalties(month: string, sites: string[] | 'all') {
    const rows = await monthStaffPenalties(this.db, month, sites === 'all' ? ['*'] : sites);
    return rows.map((r) => ({ ...r, points: fixed(r.points, 2), amount: fixed(r.amount, 2) }));
  }

}
