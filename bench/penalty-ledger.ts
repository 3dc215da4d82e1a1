import 'reflect-metadata';
import { createDataSource } from '@casebook/application';
import { DateTime } from 'luxon';
import { ALL_SITES } from '../projections/penalties/penalties.projection';
import { PenaltyQueries, type LedgerFilter } from '../projections/penalties/penalty.queries';
import { benchDatabase } from './database';
import { percentile } from './measure';

/**
 * `npm run bench:ledger`: the penalty ledger's query time for a month of 100,000 lines (target
 * p95 under 100 ms). Fills `penalty_lines` directly (the projection's table, with its indexes)
 * with 100,000 lines in the measured month and 50,000 in each month beside it, spread over
 * 1,000 sites, 50 departments and 5,000 staff, some adjusted and waived, and `penalty_totals`
 * with what the projection keeps beside them (the lines' effective figures added up per month,
 * scope and target); then runs the queries GET /penalties and GET /penalties/summary run
 * (PenaltyQueries, through TypeORM as the api does), one at a time, and prints p50/p95/p99.
 */
const TIME_ZONE = process.env.CASEBOOK_TZ ?? 'Asia/Shanghai';
const MONTH = '2026-11';
const LINES = Number(process.env.BENCH_LEDGER_LINES ?? 100_000);
const OTHER_MONTHS: [string, number][] = [
  ['2026-10', LINES / 2],
  ['2026-12', LINES / 2],
];
const RUNS = Number(process.env.BENCH_LEDGER_RUNS ?? 200);
const WARMUP = 20;

/** Month M in the time zone as the instants [from, to). */
const monthRange = (month: string) => {
  const start = DateTime.fromFormat(month, 'yyyy-MM', { zone: TIME_ZONE });
  return { from: start.toUTC().toISO()!, to: start.plus({ months: 1 }).toUTC().toISO()! };
};

/** `count` lines evenly over `month`, positions from `firstPosition`. */
const fill = (month: string, count: number, firstPosition: number) => {
  const { from, to } = monthRange(month);
  return {
    sql: `
      INSERT INTO penalty_lines (line_id, assessment_id, line_no, position, trigger_event_id, case_id, case_number, site_id,
                                 rule, policy_version, target_type, target_id, department_id, share, points, amount,
                                 loss_amount, adjusted_points, adjusted_amount, waived, effective_points, effective_amount,
                                 recorded_at, month, last_position)
      SELECT l.assessment || '.1', l.assessment, 1, l.position, gen_random_uuid()::text, gen_random_uuid(),
             'CP-' || $5 || '-' || lpad(g::text, 6, '0'), 'site-' || (g % 1000),
             (ARRAY['VALID_MAJOR', 'VALID_GENERAL', 'SLA_BREACH', 'SHIRKING', 'REOPENED'])[1 + g % 5], 1,
             l.target_type, l.target_id, l.department_id, l.share, l.points, l.points * 100,
             CASE WHEN l.target_type = 'department' THEN 500.00 END,
             CASE WHEN g % 89 = 0 THEN l.points / 2 END, CASE WHEN g % 89 = 0 THEN l.points * 50 END,
             g % 97 = 0,
             CASE WHEN g % 97 = 0 THEN 0 WHEN g % 89 = 0 THEN l.points / 2 ELSE l.points END,
             CASE WHEN g % 97 = 0 THEN 0 WHEN g % 89 = 0 THEN l.points * 50 ELSE l.points * 100 END,
             $1::timestamptz + (g - 1) * (($2::timestamptz - $1::timestamptz) / $3), $6, l.position
        FROM generate_series(1, $3::int) AS g,
             LATERAL (SELECT gen_random_uuid()::text AS assessment, $4::bigint + g AS position,
                             CASE WHEN g % 5 < 2 THEN 'department' ELSE 'staff' END AS target_type,
                             CASE WHEN g % 5 < 2 THEN 'dep-' || (g % 50) ELSE 'staff-' || ((g * 7) % 5000) END AS target_id,
                             'dep-' || (CASE WHEN g % 5 < 2 THEN g % 50 ELSE ((g * 7) % 5000) % 50 END) AS department_id,
                             CASE WHEN g % 5 < 2 THEN 0.5 END AS share,
                             round(-((g % 10) + 1) * 0.6, 2) AS points) AS l`,
    params: [from, to, count, firstPosition, month.replace('-', ''), month],
  };
};

interface Query {
  name: string;
  run: () => Promise<unknown>;
}

async function time(query: Query): Promise<{ name: string; p50: number; p95: number; p99: number; max: number; result: string }> {
  let result: unknown;
  for (let i = 0; i < WARMUP; i++) await query.run();
  const latencies: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const started = process.hrtime.bigint();
    result = await query.run();
    latencies.push(Number(process.hrtime.bigint() - started) / 1e6);
  }
  latencies.sort((a, b) => a - b);
  const shape = result as { items?: unknown[]; staff?: unknown[]; departments?: unknown[] };
  const described = shape.items
    ? `${shape.items.length} lines`
    : `${shape.staff?.length ?? 0} staff, ${shape.departments?.length ?? 0} departments`;
  return {
    name: query.name,
    p50: percentile(latencies, 50),
    p95: percentile(latencies, 95),
    p99: percentile(latencies, 99),
    max: latencies[latencies.length - 1],
    result: described,
  };
}

async function main() {
  const db = await benchDatabase();
  const dataSource = createDataSource(db.url, { poolSize: 4, applicationName: 'casebook-bench-ledger' });
  await dataSource.initialize();
  try {
    const started = Date.now();
    let position = 1_000_000;
    for (const [month, count] of [[MONTH, LINES] as [string, number], ...OTHER_MONTHS]) {
      const { sql, params } = fill(month, count, position);
      await dataSource.query(sql, params);
      position += count;
    }
    // The totals the projection keeps line by line, here in one statement: per site and for all sites,
    // per staff member (staff lines) and per department (its lines and its staff's).
    await dataSource.query(
      `INSERT INTO penalty_totals (month, scope, target_type, target_id, points, amount, lines)
       SELECT p.month, s.scope, k.target_type, k.target_id, sum(p.effective_points), sum(p.effective_amount), count(*)
         FROM penalty_lines p
        CROSS JOIN LATERAL (VALUES (p.site_id), ($1)) AS s(scope)
        CROSS JOIN LATERAL (SELECT 'staff'::text, p.target_id WHERE p.target_type = 'staff'
                            UNION ALL SELECT 'department', p.department_id WHERE p.department_id IS NOT NULL) AS k(target_type, target_id)
        GROUP BY p.month, s.scope, k.target_type, k.target_id`,
      [ALL_SITES],
    );
    await dataSource.query('VACUUM ANALYZE penalty_lines');
    await dataSource.query('VACUUM ANALYZE penalty_totals');
    const [{ total, in_month, totals }] = await dataSource.query(
      `SELECT count(*)::int AS total, count(*) FILTER (WHERE month = $1)::int AS in_month,
              (SELECT count(*)::int FROM penalty_totals WHERE month = $1) AS totals
         FROM penalty_lines`,
      [MONTH],
    );
    console.log(
      `penalty_lines: ${total} lines, ${in_month} in ${MONTH} (${TIME_ZONE}); penalty_totals: ${totals} rows in ${MONTH}; filled in ${((Date.now() - started) / 1000).toFixed(1)} s`,
    );

    const ledger = new PenaltyQueries(dataSource);
    const month = { month: MONTH };
    const filter = (f: Partial<LedgerFilter> = {}): LedgerFilter => ({ ...month, sites: 'all', limit: 50, ...f });
    const someSites = Array.from({ length: 20 }, (_, i) => `site-${i * 37}`);
    const page10 = await (async () => {
      let cursor: string | undefined;
      for (let i = 0; i < 10; i++) cursor = (await ledger.list(filter({ cursor }))).nextCursor ?? undefined;
      return cursor;
    })();

    const queries: Query[] = [
      { name: 'list, month, all sites (first page of 50)', run: () => ledger.list(filter()) },
      { name: 'list, month, all sites (11th page, by cursor)', run: () => ledger.list(filter({ cursor: page10 })) },
      { name: 'list, month, 20 sites of the caller', run: () => ledger.list(filter({ sites: someSites })) },
      { name: 'list, month, siteId', run: () => ledger.list(filter({ sites: ['site-7'] })) },
      { name: 'list, month, staffId', run: () => ledger.list(filter({ staffId: 'staff-14' })) },
      { name: 'list, month, departmentId (own + staff lines)', run: () => ledger.list(filter({ departmentId: 'dep-11' })) },
      { name: 'list, month, departmentId + siteId', run: () => ledger.list(filter({ departmentId: 'dep-11', sites: ['site-11'] })) },
      { name: 'summary, month, all sites (100,000 lines)', run: () => ledger.summary({ ...month, sites: 'all' }) },
      { name: 'summary, month, 20 sites', run: () => ledger.summary({ ...month, sites: someSites }) },
      { name: 'summary, month, siteId', run: () => ledger.summary({ ...month, sites: ['site-7'] }) },
    ];
    console.log(`${RUNS} runs each, one at a time, after ${WARMUP} unmeasured; milliseconds`);
    console.log(['query'.padEnd(50), 'p50'.padStart(8), 'p95'.padStart(8), 'p99'.padStart(8), 'max'.padStart(8), '  result'].join(''));
    let worst = 0;
    for (const query of queries) {
      const r = await time(query);
      worst = Math.max(worst, r.p95);
      console.log(
        [r.name.padEnd(50), ...[r.p50, r.p95, r.p99, r.max].map((v) => v.toFixed(2).padStart(8)), `  ${r.result}`].join(''),
      );
    }
    console.log(`worst p95 ${worst.toFixed(2)} ms (target < 100 ms): ${worst < 100 ? 'met' : 'NOT met'}`);
  } finally {
    await dataSource.destroy();
    await db.drop();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
