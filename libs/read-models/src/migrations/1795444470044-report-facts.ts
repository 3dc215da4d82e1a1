import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Fact tables of the monthly statistics report (PRODUCT.md §8), written by the `reports`
 * projection. Every fact keeps its instant (timestamptz), not a month: the report query cuts
 * months in the configured zone (CASEBOOK_TZ) with one index range per table, so the facts
 * never depend on configuration. The penalty figures come from the penalty ledger.
 *
 * - `report_cases`: one row per case (received, kind, severity, category, channel, site) and the
 *   projection's own fold of the case (`state`, `version`), so it depends on no other read model.
 * - `report_closures`: one row per CaseClosed (a case closed twice counts twice).
 * - `report_closure_lines`: the responsibility lines of each valid complaint closure (investigation
 *   lines, else the assignment with share 1), with loss = accepted settlement × share.
 * - `report_reopens`, `report_settlements` (accepted), `report_visits`: one row per event.
 * - `report_clocks`: each clock that has an outcome (met or breached), by its due time.
 */
export class ReportFacts1795444470044 implements MigrationInterface {
  name = 'ReportFacts1795444470044';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE report_cases (
        case_id uuid PRIMARY KEY,
        site_id text NOT NULL,
        kind text NOT NULL,
        severity text NOT NULL,
        category text NOT NULL,
        channel text NOT NULL,
        received_at timestamptz NOT NULL,
        state jsonb NOT NULL,
        version integer NOT NULL
      )`);
    await q.query('CREATE INDEX report_cases_received ON report_cases (received_at, site_id)');
    await q.query(`
      CREATE TABLE report_closures (
        event_id text PRIMARY KEY,
        case_id uuid NOT NULL,
        site_id text NOT NULL,
        kind text NOT NULL,
        severity text NOT NULL,
        outcome text NOT NULL,
        received_at timestamptz NOT NULL,
        closed_at timestamptz NOT NULL,
        had_return_visit boolean NOT NULL
      )`);
    await q.query('CREATE INDEX report_closures_closed ON report_closures (closed_at, site_id)');
    await q.query('CREATE INDEX report_closures_case ON report_closures (case_id, closed_at)');
    await q.query(`
      CREATE TABLE report_closure_lines (
        event_id text NOT NULL,
        line_no integer NOT NULL,
        case_id uuid NOT NULL,
        site_id text NOT NULL,
        closed_at timestamptz NOT NULL,
        handling_hours numeric NOT NULL,
        severity text NOT NULL,
        cause_type text NOT NULL,
        department_id text NOT NULL,
        staff_id text,
        share numeric(6, 4) NOT NULL,
        loss_amount numeric(14, 2) NOT NULL,
        PRIMARY KEY (event_id, line_no)
      )`);
    await q.query('CREATE INDEX report_closure_lines_closed ON report_closure_lines (closed_at, site_id)');
    await q.query(`
      CREATE TABLE report_reopens (
        event_id text PRIMARY KEY,
        case_id uuid NOT NULL,
        site_id text NOT NULL,
        reopened_at timestamptz NOT NULL
      )`);
    await q.query('CREATE INDEX report_reopens_at ON report_reopens (reopened_at, site_id)');
    await q.query('CREATE INDEX report_reopens_case ON report_reopens (case_id, reopened_at)');
    await q.query(`
      CREATE TABLE report_settlements (
        event_id text PRIMARY KEY,
        case_id uuid NOT NULL,
        site_id text NOT NULL,
        accepted_at timestamptz NOT NULL,
        amount numeric(14, 2) NOT NULL
      )`);
    await q.query('CREATE INDEX report_settlements_at ON report_settlements (accepted_at, site_id)');
    await q.query(`
      CREATE TABLE report_visits (
        event_id text PRIMARY KEY,
        case_id uuid NOT NULL,
        site_id text NOT NULL,
        visited_at timestamptz NOT NULL,
        satisfaction text NOT NULL
      )`);
    await q.query('CREATE INDEX report_visits_at ON report_visits (visited_at, site_id)');
    await q.query(`
      CREATE TABLE report_clocks (
        case_id uuid NOT NULL,
        clock text NOT NULL,
        started_at timestamptz NOT NULL,
        due_at timestamptz NOT NULL,
        site_id text NOT NULL,
        outcome text NOT NULL,
        PRIMARY KEY (case_id, clock, started_at)
      )`);
    await q.query('CREATE INDEX report_clocks_due ON report_clocks (due_at, site_id)');
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of ['report_clocks', 'report_visits', 'report_settlements', 'report_reopens', 'report_closure_lines', 'report_closures', 'report_cases']) {
      await q.query(`DROP TABLE ${table}`);
    }
  }
}
