import Decimal from 'decimal.js';
import { DateTime } from 'luxon';
import type { DataSource } from 'typeorm';
import { localMonth } from '@casebook/domain';
import { ALL_SITES } from '../penalties/penalties.projection';
import { ALL_SITES_REPORT } from './dashboard.projection';

/** The sites covered: the one asked for, the caller's, or every site. */
export type Sites = string[] | 'all';

export type TrendMetric = 'received' | 'closed' | 'breached';
export type Granularity = 'day' | 'week' | 'month';
export const TREND_METRICS: readonly TrendMetric[] = ['received', 'closed', 'breached'];
export const GRANULARITIES: readonly Granularity[] = ['day', 'week', 'month'];
export const MAX_PERIODS = 400;
export const LOCAL_DATE_PATTERN = /^\d{4}-\d{2}-\d{2}$/;

export interface Overview {
  openByStatus: Record<string, number>;
  overdueByClock: Record<string, number>;
  escalated: number;
  received: { today: number; last7d: number; last30d: number };
  firstReplyCompliance30d: string | null;
  avgHoursToClose30d: string | null;
  satisfactionRate30d: string | null;
  topCategories: { category: string; count: number }[];
  previousMonth: { month: string; status: 'published' | 'due' | 'overdue' };
}

export interface DepartmentRow {
  departmentId: string;
  departmentName: string;
  open: number;
  overdue: number;
  breached30d: number;
  avgHoursToRectify: string | null;
  penaltyPointsThisMonth: string;
}

/** Percent with 2 places (half-up), null without a denominator (PRODUCT.md §8). */
export const percent = (part: number, whole: number): string | null =>
  whole === 0 ? null : new Decimal(part).times(100).dividedBy(whole).toFixed(2, Decimal.ROUND_HALF_UP);

/**
 * The windows of the dashboards, as local days (CASEBOOK_TZ): today is since local midnight,
 * last 7 / 30 days are today and the 6 / 29 local days before it, up to now.
 */
export function windows(now: Date, timeZone: string) {
  const today = DateTime.fromJSDate(now, { zone: timeZone }).startOf('day');
  return {
    now: now.toISOString(),
    today: today.toUTC().toISO()!,
    last7d: today.minus({ days: 6 }).toUTC().toISO()!,
    last30d: today.minus({ days: 29 }).toUTC().toISO()!,
  };
}

/**
 * The previous local month's report: published when the company-wide report or, for a caller
 * limited to some sites (or asking for one), a report of every covered site is published; else
 * due until the 10th of the current month (inclusive, local), overdue after (PRODUCT.md §8).
 */
export function previousMonthStatus(now: Date, timeZone: string, published: Set<string>, sites: Sites) {
  const local = DateTime.fromJSDate(now, { zone: timeZone });
  const month = local.startOf('month').minus({ months: 1 }).toFormat('yyyy-MM');
  const isPublished = published.has(ALL_SITES_REPORT) || (sites !== 'all' && sites.length > 0 && sites.every((s) => published.has(s)));
  const status: 'published' | 'due' | 'overdue' = isPublished ? 'published' : local.day <= 10 ? 'due' : 'overdue';
  return { month, status };
}

export interface TrendRange {
  /** Every period of the range, in order, as the answer names them. */
  periods: string[];
  /** The instants the range covers: [start, end). */
  start: string;
  end: string;
}

const UNIT = { day: 'day', week: 'week', month: 'month' } as const;
const periodName = (t: DateTime, g: Granularity) => (g === 'month' ? t.toFormat('yyyy-MM') : t.toFormat('yyyy-MM-dd'));

/**
 * The periods from the one holding local date `from` to the one holding `to` (inclusive): a day
 * is its date, a week (ISO, Monday first) is its Monday's date, a month is YYYY-MM. Returns an
 * error message (for `from`/`to`) when a date is not a real date, from is after to, or the range
 * holds more than MAX_PERIODS periods.
 */
export function trendRange(from: string, to: string, g: Granularity, timeZone: string): TrendRange | { path: string; message: string } {
  const first = DateTime.fromISO(from, { zone: timeZone });
  const last = DateTime.fromISO(to, { zone: timeZone });
  if (!first.isValid) return { path: 'from', message: 'must be a local date as YYYY-MM-DD' };
  if (!last.isValid) return { path: 'to', message: 'must be a local date as YYYY-MM-DD' };
  if (first > last) return { path: 'from', message: 'must not be after to' };
  const unit = UNIT[g];
  const start = first.startOf(unit);
  const end = last.startOf(unit).plus({ [`${unit}s`]: 1 });
  const periods: string[] = [];
  for (let t = start; t < end; t = t.plus({ [`${unit}s`]: 1 })) {
    if (periods.length >= MAX_PERIODS) return { path: 'from', message: `the range holds more than ${MAX_PERIODS} ${unit}s` };
    periods.push(periodName(t, g));
  }
  return { periods, start: start.toUTC().toISO()!, end: end.toUTC().toISO()! };
}

/** The default range of a trend: the last 30 days, 12 weeks or 12 months up to today (local). */
export function defaultTrendDates(now: Date, g: Granularity, timeZone: string, from?: string, to?: string) {
  const today = DateTime.fromJSDate(now, { zone: timeZone }).startOf('day');
  const lastDate = to ?? today.toFormat('yyyy-MM-dd');
  const last = DateTime.fromISO(lastDate, { zone: timeZone });
  const back = g === 'day' ? { days: 29 } : g === 'week' ? { weeks: 11 } : { months: 11 };
  const firstDate = from ?? (last.isValid ? last.minus(back).toFormat('yyyy-MM-dd') : lastDate);
  return { from: firstDate, to: lastDate };
}

const TREND_SOURCES: Record<TrendMetric, { table: string; at: string }> = {
  received: { table: 'dashboard_cases', at: 'received_at' },
  closed: { table: 'dashboard_closures', at: 'closed_at' },
  breached: { table: 'dashboard_breaches', at: 'at' },
};

const count = (v: unknown) => Number(v ?? 0);

/**
 * The dashboards (API.md "Management"), from the dashboard projection's tables (and the penalty
 * ledger's month totals, and the directory's department names). `sites` is null in SQL for
 * every site.
 */
export class DashboardQueries {
  constructor(private readonly db: DataSource) {}

  async overview(sites: Sites, now: Date, timeZone: string): Promise<Overview> {
    const w = windows(now, timeZone);
    const s = sites === 'all' ? null : sites;
    const site = (column = 'site_id') => `($1::text[] IS NULL OR ${column} = ANY($1::text[]))`;
    const [open, overdue, received, categories, compliance, close, visits, reports] = await Promise.all([
      this.db.query(
        `SELECT status, count(*)::int AS n, count(*) FILTER (WHERE escalation_level <> 'none')::int AS escalated
           FROM dashboard_cases WHERE status <> 'closed' AND ${site()} GROUP BY status ORDER BY status`,
        [s],
      ),
      this.db.query(
        `SELECT clock, count(*)::int AS n FROM dashboard_clocks
          WHERE stopped_at IS NULL AND due_at < $2 AND ${site()} GROUP BY clock ORDER BY clock`,
        [s, w.now],
      ),
      this.db.query(
        `SELECT count(*) FILTER (WHERE received_at >= $2)::int AS today, count(*) FILTER (WHERE received_at >= $3)::int AS last7d,
                count(*)::int AS last30d
           FROM dashboard_cases WHERE received_at >= $4 AND ${site()}`,
        [s, w.today, w.last7d, w.last30d],
      ),
      this.db.query(
        `SELECT category, count(*)::int AS count FROM dashboard_cases WHERE received_at >= $2 AND ${site()}
          GROUP BY category ORDER BY count(*) DESC, category LIMIT 5`,
        [s, w.last30d],
      ),
      this.db.query(
        `SELECT count(*) FILTER (WHERE status = 'met')::int AS met, count(*) FILTER (WHERE status = 'breached')::int AS breached
           FROM dashboard_clocks WHERE clock = 'first_reply' AND due_at >= $2 AND due_at <= $3 AND ${site()}`,
        [s, w.last30d, w.now],
      ),
      this.db.query(
        `SELECT round(avg(extract(epoch FROM closed_at - received_at)::numeric) / 3600, 2)::text AS hours
           FROM dashboard_closures WHERE closed_at >= $2 AND ${site()}`,
        [s, w.last30d],
      ),
      this.db.query(
        `SELECT count(*) FILTER (WHERE satisfaction IN ('very_satisfied', 'satisfied'))::int AS satisfied, count(*)::int AS n
           FROM dashboard_visits WHERE at >= $2 AND ${site()}`,
        [s, w.last30d],
      ),
      this.db.query('SELECT scope FROM dashboard_reports WHERE month = $1', [
        DateTime.fromJSDate(now, { zone: timeZone }).startOf('month').minus({ months: 1 }).toFormat('yyyy-MM'),
      ]),
    ]);
    return {
      openByStatus: Object.fromEntries(open.map((r: { status: string; n: number }) => [r.status, r.n])),
      overdueByClock: Object.fromEntries(overdue.map((r: { clock: string; n: number }) => [r.clock, r.n])),
      escalated: open.reduce((sum: number, r: { escalated: number }) => sum + r.escalated, 0),
      received: { today: count(received[0].today), last7d: count(received[0].last7d), last30d: count(received[0].last30d) },
      firstReplyCompliance30d: percent(compliance[0].met, compliance[0].met + compliance[0].breached),
      avgHoursToClose30d: close[0].hours ?? null,
      satisfactionRate30d: percent(visits[0].satisfied, visits[0].n),
      topCategories: categories,
      previousMonth: previousMonthStatus(now, timeZone, new Set(reports.map((r: { scope: string }) => r.scope)), sites),
    };
  }

  async departments(sites: Sites, now: Date, timeZone: string): Promise<DepartmentRow[]> {
    const w = windows(now, timeZone);
    const s = sites === 'all' ? null : sites;
    const site = (column = 'site_id') => `($1::text[] IS NULL OR ${column} = ANY($1::text[]))`;
    const scopes = sites === 'all' ? [ALL_SITES] : sites;
    const [departments, open, overdue, breached, rectified, penalties] = await Promise.all([
      this.db.query('SELECT id, name FROM directory_departments ORDER BY id'),
      this.db.query(
        `SELECT department_id AS id, count(*)::int AS n FROM dashboard_cases
          WHERE status <> 'closed' AND department_id IS NOT NULL AND ${site()} GROUP BY department_id`,
        [s],
      ),
      this.db.query(
        `SELECT c.department_id AS id, count(*)::int AS n FROM dashboard_cases c
          WHERE c.status <> 'closed' AND c.department_id IS NOT NULL AND ${site('c.site_id')}
            AND EXISTS (SELECT 1 FROM dashboard_clocks k WHERE k.case_id = c.case_id AND k.stopped_at IS NULL AND k.due_at < $2)
          GROUP BY c.department_id`,
        [s, w.now],
      ),
      this.db.query(
        `SELECT c.department_id AS id, count(*)::int AS n FROM dashboard_breaches b JOIN dashboard_cases c ON c.case_id = b.case_id
          WHERE b.at >= $2 AND c.department_id IS NOT NULL AND ${site('b.site_id')} GROUP BY c.department_id`,
        [s, w.last30d],
      ),
      this.db.query(
        `SELECT department_id AS id, round(avg(extract(epoch FROM completed_at - assigned_at)::numeric) / 3600, 2)::text AS hours
           FROM dashboard_rectifications WHERE completed_at >= $2 AND ${site()} GROUP BY department_id`,
        [s, w.last30d],
      ),
      this.db.query(
        `SELECT target_id AS id, sum(points)::text AS points FROM penalty_totals
          WHERE month = $1 AND scope = ANY($2::text[]) AND target_type = 'department' GROUP BY target_id`,
        [localMonth(w.now, timeZone), scopes],
      ),
    ]);
    const by = <T>(rows: { id: string }[], pick: (r: any) => T) => new Map(rows.map((r) => [r.id, pick(r)]));
    const opened = by(open, (r) => r.n as number);
    const overdueBy = by(overdue, (r) => r.n as number);
    const breachedBy = by(breached, (r) => r.n as number);
    const rectifiedBy = by(rectified, (r) => r.hours as string);
    const pointsBy = by(penalties, (r) => new Decimal(r.points).toFixed(2));
    return departments.map((d: { id: string; name: string }) => ({
      departmentId: d.id,
      departmentName: d.name,
      open: opened.get(d.id) ?? 0,
      overdue: overdueBy.get(d.id) ?? 0,
      breached30d: breachedBy.get(d.id) ?? 0,
      avgHoursToRectify: rectifiedBy.get(d.id) ?? null,
      penaltyPointsThisMonth: pointsBy.get(d.id) ?? '0.00',
    }));
  }

  async trends(sites: Sites, metric: TrendMetric, g: Granularity, range: TrendRange, timeZone: string) {
    const { table, at } = TREND_SOURCES[metric];
    const format = g === 'month' ? 'YYYY-MM' : 'YYYY-MM-DD';
    const rows: { period: string; value: number }[] = await this.db.query(
      `SELECT to_char(date_trunc('${UNIT[g]}', ${at} AT TIME ZONE $2), '${format}') AS period, count(*)::int AS value
         FROM ${table} WHERE ${at} >= $3 AND ${at} < $4 AND ($1::text[] IS NULL OR site_id = ANY($1::text[]))
        GROUP BY 1`,
      [sites === 'all' ? null : sites, timeZone, range.start, range.end],
    );
    const values = new Map(rows.map((r) => [r.period, r.value]));
    return range.periods.map((period) => ({ period, value: values.get(period) ?? 0 }));
  }
}
