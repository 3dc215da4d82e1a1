import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Counters instead of fact rows for the monthly report and the dashboard overview, so that a
 * month or a 30-day window reads at most 31 days of rows per site (or of the all-sites scope
 * `*`) whatever the volume: summing ~50,000 fact rows per request took ~1 s at 100,000 cases a
 * month (issue 4's benchmark). The `reports` projection (version 2) keeps them, cutting days and
 * months in CASEBOOK_TZ; it is rebuilt after this migration, and its tables answer with zeros
 * until the rebuild switches over. Changing CASEBOOK_TZ afterwards needs a rebuild of `reports`.
 *
 * - `report_days`: per site (and `*`), local day, metric and code (`''` when the metric has
 *   none): a count `n` and a `total` (milliseconds of handling, or money). Which metric counts
 *   what is written where it is counted (projections/reports/report-counts.ts).
 * - `report_department_months`: the departments table (客诉案件统计表) per site (and `*`),
 *   local month and department (`*` for the totals row), same shape.
 * - `report_department_cases`: what a case already counts for in a month's distinct figures
 *   (cases, major/general, cause types, per department), so that a case closed twice in a month
 *   counts once there; one row per case and month of a valid complaint's closure.
 * - `report_cases` keeps only the projection's own fold of each case.
 *
 * The fact tables they replace go, and so does the dashboard's own fold of every case (a rebuild
 * folded each case three times): the dashboards read the open cases from `cases` (new partial
 * indexes), the `cases` projection (version 2) keeps `dashboard_clocks` (now only the clocks not
 * stopped, so those past due are the overdue ones), `dashboard_breaches` and
 * `dashboard_rectifications`, and `reports` keeps `dashboard_reports`. The dashboard's closures
 * and visits go (the overview reads `report_days`).
 */
export class ReportCounters1795444470090 implements MigrationInterface {
  name = 'ReportCounters1795444470090';

  async up(q: QueryRunner): Promise<void> {
    for (const table of ['report_clocks', 'report_visits', 'report_settlements', 'report_reopens', 'report_closure_lines', 'report_closures', 'report_cases', 'dashboard_closures', 'dashboard_visits', 'dashboard_cases']) {
      await q.query(`DROP TABLE ${table}`);
    }
    await q.query(`DELETE FROM projection_checkpoints WHERE name = 'dashboard'`);
    await q.query(`CREATE INDEX cases_open ON cases (site_id, status, escalation_level) WHERE status <> 'closed'`);
    await q.query(`CREATE INDEX cases_open_department ON cases (department_id, site_id) WHERE status <> 'closed'`);
    await q.query('DROP INDEX dashboard_clocks_due');
    await q.query('DROP INDEX dashboard_clocks_open_due');
    await q.query('ALTER TABLE dashboard_clocks DROP COLUMN stopped_at');
    await q.query('CREATE INDEX dashboard_clocks_due ON dashboard_clocks (due_at, clock)');
    await q.query(`
      CREATE TABLE report_cases (
        case_id uuid PRIMARY KEY,
        version integer NOT NULL,
        state jsonb NOT NULL
      )`);
    await q.query(`
      CREATE TABLE report_days (
        site_id text NOT NULL,
        day date NOT NULL,
        metric text NOT NULL,
        code text NOT NULL,
        n bigint NOT NULL,
        total numeric NOT NULL,
        PRIMARY KEY (site_id, day, metric, code)
      ) WITH (fillfactor = 50)`);
    // openAtEnd sums one metric over every day before a month's end. No counted column is
    // indexed, and pages keep room, so that moving a counter is a HOT update (a few rows take
    // most of a rebuild's updates).
    await q.query('CREATE INDEX report_days_metric ON report_days (site_id, metric, day)');
    await q.query(`
      CREATE TABLE report_department_months (
        site_id text NOT NULL,
        month text NOT NULL,
        department_id text NOT NULL,
        metric text NOT NULL,
        code text NOT NULL,
        n bigint NOT NULL,
        total numeric NOT NULL,
        PRIMARY KEY (site_id, month, department_id, metric, code)
      ) WITH (fillfactor = 50)`);
    await q.query(`
      CREATE TABLE report_department_cases (
        case_id uuid NOT NULL,
        month text NOT NULL,
        counted text[] NOT NULL,
        PRIMARY KEY (case_id, month)
      )`);
  }

  async down(): Promise<void> {
    throw new Error('ReportCounters1795444470090 cannot be undone: the fact tables it dropped are rebuilt only by the previous code');
  }
}
