import Decimal from 'decimal.js';
import { DateTime } from 'luxon';
import type { DataSource } from 'typeorm';
import { localMonth } from '@casebook/domain';
import { ALL_SITES } from '../penalties/penalties.projection';

/** The sites covered: the one asked for, the caller's, or every site. */
export type Sites = string[] | 'all';

export type TrendMetric = 'received' | 'closed' | 'breached';
export type Granularity = 'day' | 'week' | 'month';
export const TREND_METRICS: readonly TrendMetric[] = ['received', 'closed', 'breached'];
export const GRANULARITIES: readonly Granularity[] = ['day', 'week', 'month'];
export const MAX_PERIODS = 400;
export const LOCAL_DATE_PATTERN = /^\d{4}-\d{2}-\d{2}$/;
export const DASHBOARD_LANGS = ['en', 'zh-CN'] as const;
export type DashboardLang = (typeof DASHBOARD_LANGS)[number];

export interface Overview {
  openByStatus: Record<string, number>;
  overdueByClock: Record<string, number>;
  atRiskByClock: Record<string, number>;
  pausedClocks: number;
  pendingExtensions: number;
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
  /** The name in the language asked for: the Chinese name for zh-CN where the directory has one. */
  departmentName: string;
  departmentNameZh: string | null;
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
    last30d: today.minus({ days: 29 }).toUTC().toISO()!,
    /** The same windows as local dates, for the day counters. */
    days: { today: today.toISODate()!, last7d: today.minus({ days: 6 }).toISODate()!, last30d: today.minus({ days: 29 }).toISODate()! },
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
  const isPublished = published.has(ALL_SITES) || (sites !== 'all' && sites.length > 0 && sites.every((s) => published.has(s)));
  const status: 'published' | 'due' | 'overdue' = isPublished ? 'published' : local.day <= 10 ? 'due' : 'overdue';
  return { month, status };
}

export interface TrendRange {
  /** Every period of the range, in order, as the answer names them. */
  periods: string[];
  /** The local days the range covers: [firstDay, endDay). */
  firstDay: string;
  endDay: string;
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
  return { periods, firstDay: start.toISODate()!, endDay: end.toISODate()! };
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

/** The day counter (report_days, all its codes) each trend counts. */
const TREND_METRICS_COUNTED: Record<TrendMetric, string> = { received: 'received_severity', closed: 'closed', breached: 'breach' };

const count = (v: unknown) => Number(v ?? 0);

type Supervised = { clock: string; at_risk: number; paused: number; pending: number };

/**
 * The dashboards (API.md "Management"), from read models only: open cases from `cases`, open
 * clocks, breaches and rectifications from the cases projection's dashboard tables
 * (cases/dashboard-facts.ts), intake, closures, compliance and visits from the report's day
 * counters, the penalty ledger's month totals and the directory's department names. `sites` is
 * null in SQL for every site.
 */
export class DashboardQueries {
  constructor(private readonly db: DataSource) {}

  async overview(sites: Sites, now: Date, timeZone: string): Promise<Overview> {
    const w = windows(now, timeZone);
    const s = sites === 'all' ? null : sites;
    const site = (column = 'site_id') => `($1::text[] IS NULL OR ${column} = ANY($1::text[]))`;
    const [open, overdue, supervised, days, reports] = await Promise.all([
      this.db.query(
        `SELECT status, count(*)::int AS n, count(*) FILTER (WHERE escalation_level <> 'none')::int AS escalated
           FROM cases WHERE status <> 'closed' AND ${site()} GROUP BY status ORDER BY status`,
        [s],
      ),
      // Of the clocks not stopped: overdue (past due and not paused: a paused clock is never breached), and
      // (partial index dashboard_clocks_supervised) at risk (running, unpaused, warned and not yet due),
      // paused, and with an extension request pending.
      this.db.query(
        `SELECT clock, count(*)::int AS n FROM dashboard_clocks WHERE due_at < $2 AND NOT paused AND ${site()} GROUP BY clock ORDER BY clock`,
        [s, w.now],
      ),
      this.db.query(
        `SELECT clock, count(*) FILTER (WHERE at_risk AND status = 'running' AND NOT paused AND due_at >= $2)::int AS at_risk,
                count(*) FILTER (WHERE paused)::int AS paused, count(*) FILTER (WHERE extension_pending)::int AS pending
           FROM dashboard_clocks WHERE (at_risk OR paused OR extension_pending) AND ${site()}
          GROUP BY clock ORDER BY clock`,
        [s, w.now],
      ),
      // The 30 local days up to today, from the reports projection's day counters (report-counts.ts).
      this.db.query(
        `SELECT metric, code, sum(n)::int AS last30d, sum(n) FILTER (WHERE day >= $3)::int AS last7d,
                sum(n) FILTER (WHERE day >= $4)::int AS today, sum(total)::text AS total
           FROM report_days WHERE site_id = ANY($1::text[]) AND day >= $2 AND day <= $4
            AND metric IN ('received_category', 'clock_met', 'clock_breached', 'closed', 'visit')
          GROUP BY metric, code`,
        [sites === 'all' ? [ALL_SITES] : sites, w.days.last30d, w.days.last7d, w.days.today],
      ),
      this.db.query('SELECT scope FROM dashboard_reports WHERE month = $1', [
        DateTime.fromJSDate(now, { zone: timeZone }).startOf('month').minus({ months: 1 }).toFormat('yyyy-MM'),
      ]),
    ]);
    type Day = { metric: string; code: string; last30d: number; last7d: number | null; today: number | null; total: string };
    const of = (metric: string, code: string): Day | undefined => days.find((d: Day) => d.metric === metric && d.code === code);
    const sum = (rows: Day[], window: 'today' | 'last7d' | 'last30d' = 'last30d') => rows.reduce((n, d) => n + count(d[window]), 0);
    // Every case has one category: their counts sum to the cases received.
    const categories = days.filter((d: Day) => d.metric === 'received_category');
    const closures = days.filter((d: Day) => d.metric === 'closed');
    const closed = sum(closures);
    const closedMs = closures.reduce((ms: Decimal, d: Day) => ms.plus(d.total), new Decimal(0));
    const visits = days.filter((d: Day) => d.metric === 'visit');
    const satisfied = visits.filter((d: Day) => d.code === 'very_satisfied' || d.code === 'satisfied');
    const met = count(of('clock_met', 'first_reply')?.last30d);
    const breached = count(of('clock_breached', 'first_reply')?.last30d);
    return {
      openByStatus: Object.fromEntries(open.map((r: { status: string; n: number }) => [r.status, r.n])),
      overdueByClock: Object.fromEntries(overdue.map((r: { clock: string; n: number }) => [r.clock, r.n])),
      atRiskByClock: Object.fromEntries(supervised.flatMap((r: Supervised) => (r.at_risk > 0 ? [[r.clock, r.at_risk]] : []))),
      pausedClocks: supervised.reduce((n: number, r: Supervised) => n + r.paused, 0),
      pendingExtensions: supervised.reduce((n: number, r: Supervised) => n + r.pending, 0),
      escalated: open.reduce((total: number, r: { escalated: number }) => total + r.escalated, 0),
      received: { today: sum(categories, 'today'), last7d: sum(categories, 'last7d'), last30d: sum(categories) },
      firstReplyCompliance30d: percent(met, met + breached),
      avgHoursToClose30d: closed > 0 ? closedMs.dividedBy(3_600_000 * closed).toFixed(2, Decimal.ROUND_HALF_UP) : null,
      satisfactionRate30d: percent(sum(satisfied), sum(visits)),
      topCategories: categories
        .filter((d: Day) => d.last30d > 0)
        .map((d: Day) => ({ category: d.code, count: d.last30d }))
        .sort((a: { category: string; count: number }, b: { category: string; count: number }) => b.count - a.count || (a.category < b.category ? -1 : 1))
        .slice(0, 5),
      previousMonth: previousMonthStatus(now, timeZone, new Set(reports.map((r: { scope: string }) => r.scope)), sites),
    };
  }

  async departments(sites: Sites, now: Date, timeZone: string, lang: DashboardLang = 'en'): Promise<DepartmentRow[]> {
    const w = windows(now, timeZone);
    const s = sites === 'all' ? null : sites;
    const site = (column = 'site_id') => `($1::text[] IS NULL OR ${column} = ANY($1::text[]))`;
    const scopes = sites === 'all' ? [ALL_SITES] : sites;
    const [departments, open, overdue, breached, rectified, penalties] = await Promise.all([
      this.db.query('SELECT id, name, name_zh FROM directory_departments ORDER BY id'),
      this.db.query(
        `SELECT department_id AS id, count(*)::int AS n FROM cases
          WHERE status <> 'closed' AND department_id IS NOT NULL AND ${site()} GROUP BY department_id`,
        [s],
      ),
      this.db.query(
        // next_due_at: the earliest due time of the case's clocks not stopped (the case list's "overdue").
        `SELECT department_id AS id, count(*)::int AS n FROM cases
          WHERE status <> 'closed' AND department_id IS NOT NULL AND next_due_at < $2 AND ${site()}
          GROUP BY department_id`,
        [s, w.now],
      ),
      this.db.query(
        `SELECT c.department_id AS id, count(*)::int AS n FROM dashboard_breaches b JOIN cases c ON c.case_id = b.case_id
          WHERE b.at >= $2 AND c.department_id IS NOT NULL AND ${site('b.site_id')} GROUP BY c.department_id`,
        [s, w.last30d],
      ),
      this.db.query(
        // From the case's receipt, as the rectification time limit counts (PRODUCT.md §4): a
        // rectification reported late may be completed before it was assigned.
        `SELECT r.department_id AS id, round(avg(extract(epoch FROM r.completed_at - c.received_at)::numeric) / 3600, 2)::text AS hours
           FROM dashboard_rectifications r JOIN cases c ON c.case_id = r.case_id
          WHERE r.completed_at >= $2 AND ${site('r.site_id')} GROUP BY r.department_id`,
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
    return departments.map((d: { id: string; name: string; name_zh: string | null }) => ({
      departmentId: d.id,
      departmentName: lang === 'zh-CN' ? (d.name_zh ?? d.name) : d.name,
      departmentNameZh: d.name_zh,
      open: opened.get(d.id) ?? 0,
      overdue: overdueBy.get(d.id) ?? 0,
      breached30d: breachedBy.get(d.id) ?? 0,
      avgHoursToRectify: rectifiedBy.get(d.id) ?? null,
      penaltyPointsThisMonth: pointsBy.get(d.id) ?? '0.00',
    }));
  }

  async trends(sites: Sites, metric: TrendMetric, g: Granularity, range: TrendRange) {
    const format = g === 'month' ? 'YYYY-MM' : 'YYYY-MM-DD';
    const rows: { period: string; value: number }[] = await this.db.query(
      `SELECT to_char(date_trunc('${UNIT[g]}', day::timestamp), '${format}') AS period, sum(n)::int AS value
         FROM report_days WHERE site_id = ANY($1::text[]) AND metric = $2 AND day >= $3 AND day < $4
        GROUP BY 1`,
      [sites === 'all' ? [ALL_SITES] : sites, TREND_METRICS_COUNTED[metric], range.firstDay, range.endDay],
    );
    const values = new Map(rows.map((r) => [r.period, r.value]));
    return range.periods.map((period) => ({ period, value: values.get(period) ?? 0 }));
  }
}
