import Decimal from 'decimal.js';
import { DateTime } from 'luxon';
import type { DataSource, EntityManager } from 'typeorm';
import { CLOCKS } from '@casebook/domain';

/** PRODUCT.md §8: the report of a month, `live` until published. */
export interface MonthlyReport {
  month: string;
  siteId: string | null;
  status: 'live' | 'published';
  publishedAt?: string;
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
}

/** The instants a local month spans in `timeZone`: [start, end). */
export function monthRange(month: string, timeZone: string): { start: string; end: string } {
  const start = DateTime.fromFormat(month, 'yyyy-MM', { zone: timeZone }).startOf('month');
  if (!start.isValid) throw new RangeError(`not a month: ${month}`);
  return { start: start.toUTC().toISO()!, end: start.plus({ months: 1 }).toUTC().toISO()! };
}

/** A percent with 2 places (half-up), null when the denominator is 0. */
export const percent = (part: Decimal.Value, whole: Decimal.Value): string | null =>
  new Decimal(whole).isZero() ? null : new Decimal(part).times(100).dividedBy(whole).toDecimalPlaces(2, Decimal.ROUND_HALF_UP).toFixed(2);

const fixed = (value: Decimal.Value | null, places: number): string => new Decimal(value ?? 0).toDecimalPlaces(places, Decimal.ROUND_HALF_UP).toFixed(places);
const avg2 = (sum: Decimal.Value | null, n: number): string | null => (n === 0 || sum === null ? null : fixed(new Decimal(sum).dividedBy(n), 2));
const int = (value: string | number | null) => Number(value ?? 0);

/**
 * The monthly statistics report (PRODUCT.md §8) from the report facts (`reports` projection)
 * and the penalty ledger (`penalties` projection). Every figure is one indexed range over a
 * month of facts; months are local months of `timeZone` (CASEBOOK_TZ); penalties count in the
 * month their assessment names (the same zone, decided when recorded).
 */
export class MonthlyReportQueries {
  constructor(
    private readonly db: DataSource | EntityManager,
    private readonly timeZone: string,
  ) {}

  async live(month: string, sites: string[] | 'all', siteId: string | null): Promise<MonthlyReport> {
    const { start, end } = monthRange(month, this.timeZone);
    const siteFilter = (column = 'site_id') => (sites === 'all' ? 'TRUE' : `${column} = ANY($3::text[])`);
    const params = [start, end, sites === 'all' ? [] : sites];
    // Every statement types the three common parameters, used or not (PostgreSQL must know each one's type).
    const q = <T>(sql: string, extra: unknown[] = []): Promise<T[]> =>
      this.db.query(`WITH params AS (SELECT $1::timestamptz AS start_at, $2::timestamptz AS end_at, $3::text[] AS sites) ${sql}`, [...params, ...extra]);

    const [received] = await q<{ received: string; major: string; general: string }>(
      `SELECT count(*) AS received, count(*) FILTER (WHERE severity = 'major') AS major, count(*) FILTER (WHERE severity = 'general') AS general
         FROM report_cases WHERE received_at >= $1 AND received_at < $2 AND ${siteFilter()}`,
    );
    const byCategory = await q<{ code: string; n: string }>(
      `SELECT category AS code, count(*) AS n FROM report_cases WHERE received_at >= $1 AND received_at < $2 AND ${siteFilter()} GROUP BY 1 ORDER BY 1`,
    );
    const byChannel = await q<{ code: string; n: string }>(
      `SELECT channel AS code, count(*) AS n FROM report_cases WHERE received_at >= $1 AND received_at < $2 AND ${siteFilter()} GROUP BY 1 ORDER BY 1`,
    );
    const [closed] = await q<{ closed: string; valid: string; invalid: string; visited: string; hours: string | null }>(
      `SELECT count(*) AS closed, count(*) FILTER (WHERE outcome = 'valid') AS valid, count(*) FILTER (WHERE outcome = 'invalid') AS invalid,
              count(*) FILTER (WHERE outcome = 'valid' AND had_return_visit) AS visited,
              sum(extract(epoch FROM closed_at - received_at) / 3600)::text AS hours
         FROM report_closures WHERE closed_at >= $1 AND closed_at < $2 AND ${siteFilter()}`,
    );
    const [openAtEnd] = await q<{ n: string }>(
      `SELECT count(*) AS n FROM report_cases c
        WHERE c.received_at < $2 AND ${siteFilter('c.site_id')}
          AND COALESCE((SELECT max(closed_at) FROM report_closures x WHERE x.case_id = c.case_id AND x.closed_at < $2), '-infinity')
              <= COALESCE((SELECT max(reopened_at) FROM report_reopens r WHERE r.case_id = c.case_id AND r.reopened_at < $2), '-infinity')`,
    );
    const [reopened] = await q<{ n: string }>(`SELECT count(*) AS n FROM report_reopens WHERE reopened_at >= $1 AND reopened_at < $2 AND ${siteFilter()}`);
    const [settled] = await q<{ total: string | null }>(
      `SELECT sum(amount)::text AS total FROM report_settlements WHERE accepted_at >= $1 AND accepted_at < $2 AND ${siteFilter()}`,
    );
    const [visits] = await q<{ n: string; satisfied: string }>(
      `SELECT count(*) AS n, count(*) FILTER (WHERE satisfaction IN ('very_satisfied', 'satisfied')) AS satisfied
         FROM report_visits WHERE visited_at >= $1 AND visited_at < $2 AND ${siteFilter()}`,
    );
    const clocks = await q<{ clock: string; met: string; breached: string }>(
      `SELECT clock, count(*) FILTER (WHERE outcome = 'met') AS met, count(*) FILTER (WHERE outcome = 'breached') AS breached
         FROM report_clocks WHERE due_at >= $1 AND due_at < $2 AND ${siteFilter()} GROUP BY clock`,
    );
    const [penalties] = await q<{ points: string | null; amount: string | null }>(
      `SELECT sum(effective_points)::text AS points, sum(effective_amount)::text AS amount
         FROM penalty_lines WHERE month = $4 AND ${siteFilter()}`,
      [month],
    );

    const slaCompliance: ReportSummary['slaCompliance'] = {};
    for (const clock of CLOCKS) {
      const row = clocks.find((c) => c.clock === clock);
      const met = int(row?.met ?? 0);
      const breached = int(row?.breached ?? 0);
      slaCompliance[clock] = { met, breached, rate: percent(met, met + breached) };
    }

    const summary: ReportSummary = {
      received: int(received.received),
      closed: int(closed.closed),
      openAtEnd: int(openAtEnd.n),
      validClosed: int(closed.valid),
      invalidClosed: int(closed.invalid),
      major: int(received.major),
      general: int(received.general),
      reopened: int(reopened.n),
      avgHandlingHours: avg2(closed.hours, int(closed.closed)),
      byCategory: Object.fromEntries(byCategory.map((r) => [r.code, int(r.n)])),
      byChannel: Object.fromEntries(byChannel.map((r) => [r.code, int(r.n)])),
      settlementTotal: fixed(settled.total, 2),
      penaltyPoints: fixed(penalties.points, 2),
      penaltyAmount: fixed(penalties.amount, 2),
      slaCompliance,
      satisfactionRate: percent(visits.satisfied, visits.n),
      returnVisitRate: percent(closed.visited, closed.valid),
    };
    const { departments, totals } = await this.departments(q, siteFilter, month, sites);
    return { month, siteId, status: 'live', summary, departments, totals, staffPenalties: await this.staffPenalties(q, siteFilter, month) };
  }

  private async departments(
    q: <T>(sql: string, extra?: unknown[]) => Promise<T[]>,
    siteFilter: (column?: string) => string,
    month: string,
    sites: string[] | 'all',
  ) {
    const lines = `SELECT * FROM report_closure_lines WHERE closed_at >= $1 AND closed_at < $2 AND ${siteFilter()}`;
    const rows = await q<{ department_id: string; cases: string; weight: string; major: string; general: string; loss: string; name: string | null; name_zh: string | null }>(
      `SELECT l.department_id, count(DISTINCT l.case_id) AS cases, sum(l.share)::text AS weight,
              count(DISTINCT l.case_id) FILTER (WHERE l.severity = 'major') AS major,
              count(DISTINCT l.case_id) FILTER (WHERE l.severity = 'general') AS general,
              sum(l.loss_amount)::text AS loss, d.name, d.name_zh
         FROM (${lines}) l LEFT JOIN directory_departments d ON d.id = l.department_id
        GROUP BY l.department_id, d.name, d.name_zh
        ORDER BY l.department_id COLLATE "C"`,
    );
    const causes = await q<{ department_id: string; cause_type: string; n: string }>(
      `SELECT department_id, cause_type, count(DISTINCT case_id) AS n FROM (${lines}) l GROUP BY 1, 2 ORDER BY 2`,
    );
    // One handling time per closure and department (two lines of one department in a case count once).
    const hours = await q<{ department_id: string | null; hours: string; n: string }>(
      `SELECT department_id, sum(handling_hours)::text AS hours, count(*) AS n
         FROM (SELECT DISTINCT department_id, event_id, handling_hours FROM (${lines}) l) c GROUP BY ROLLUP (department_id)`,
    );
    const [distinct] = await q<{ cases: string; hours: string | null; n: string }>(
      `SELECT count(DISTINCT case_id) AS cases, sum(handling_hours)::text AS hours, count(*) AS n
         FROM (SELECT DISTINCT case_id, event_id, handling_hours FROM (${lines}) l) c`,
    );
    const scopes = sites === 'all' ? ['*'] : sites;
    const penalties = await this.db.query<{ target_id: string; points: string; amount: string }[]>(
      `SELECT target_id, sum(points)::text AS points, sum(amount)::text AS amount FROM penalty_totals
        WHERE month = $1 AND scope = ANY($2::text[]) AND target_type = 'department' AND target_id = ANY($3::text[]) GROUP BY target_id`,
      [month, scopes, rows.map((r) => r.department_id)],
    );

    const totalWeight = rows.reduce((sum, r) => sum.plus(r.weight), new Decimal(0));
    const departments: DepartmentRow[] = rows.map((r) => {
      const h = hours.find((x) => x.department_id === r.department_id)!;
      const p = penalties.find((x) => x.target_id === r.department_id);
      return {
        departmentId: r.department_id,
        departmentName: r.name,
        departmentNameZh: r.name_zh,
        cases: int(r.cases),
        responsibilityWeight: fixed(r.weight, 4),
        responsibilityRatio: percent(r.weight, totalWeight),
        major: int(r.major),
        general: int(r.general),
        byCauseType: Object.fromEntries(causes.filter((c) => c.department_id === r.department_id).map((c) => [c.cause_type, int(c.n)])),
        lossAmount: fixed(r.loss, 2),
        penaltyPoints: fixed(p?.points ?? 0, 2),
        penaltyAmount: fixed(p?.amount ?? 0, 2),
        avgHandlingHours: avg2(h.hours, int(h.n)),
      };
    });
    const sum = (pick: (d: DepartmentRow) => string) => departments.reduce((s, d) => s.plus(pick(d)), new Decimal(0));
    const byCauseType: Record<string, number> = {};
    for (const c of await q<{ cause_type: string; n: string }>(`SELECT cause_type, count(DISTINCT case_id) AS n FROM (${lines}) l GROUP BY 1 ORDER BY 1`)) {
      byCauseType[c.cause_type] = int(c.n);
    }
    const [sev] = await q<{ major: string; general: string }>(
      `SELECT count(DISTINCT case_id) FILTER (WHERE severity = 'major') AS major, count(DISTINCT case_id) FILTER (WHERE severity = 'general') AS general FROM (${lines}) l`,
    );
    const totals = {
      cases: int(distinct.cases),
      responsibilityWeight: fixed(totalWeight, 4),
      responsibilityRatio: totalWeight.isZero() ? null : '100.00',
      major: int(sev.major),
      general: int(sev.general),
      byCauseType,
      lossAmount: fixed(sum((d) => d.lossAmount), 2),
      penaltyPoints: fixed(sum((d) => d.penaltyPoints), 2),
      penaltyAmount: fixed(sum((d) => d.penaltyAmount), 2),
      avgHandlingHours: avg2(distinct.hours, int(distinct.n)),
    };
    return { departments, totals };
  }

  private async staffPenalties(q: <T>(sql: string, extra?: unknown[]) => Promise<T[]>, siteFilter: (column?: string) => string, month: string) {
    const rows = await q<{ staff_id: string; name: string | null; department_id: string | null; points: string; amount: string; lines: string }>(
      `SELECT l.target_id AS staff_id, s.name, (array_agg(l.department_id ORDER BY l.position DESC, l.line_no DESC))[1] AS department_id,
              sum(l.effective_points)::text AS points, sum(l.effective_amount)::text AS amount, count(*) AS lines
         FROM penalty_lines l LEFT JOIN directory_staff s ON s.id = l.target_id
        WHERE l.month = $4 AND l.target_type = 'staff' AND ${siteFilter('l.site_id')}
        GROUP BY l.target_id, s.name ORDER BY l.target_id COLLATE "C"`,
      [month],
    );
    return rows.map((r) => ({ staffId: r.staff_id, staffName: r.name, departmentId: r.department_id, points: fixed(r.points, 2), amount: fixed(r.amount, 2), lines: int(r.lines) }));
  }

}
