import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The penalty ledger (PRODUCT.md §7, API.md GET /penalties and /penalties/summary), written by
 * the `penalties` projection.
 *
 * `penalty_lines`: one row per line of every PenaltyAssessed, with the original figures, the
 * adjusted ones and the effective ones (0.00 once waived). `month` is the local month the
 * assessment was recorded in, as the event names it. `department_id` is the department a line
 * counts for: a department line's own, a staff line's department as the event recorded it (the
 * staff member's when the line was decided). Every index leads with the month and ends in the
 * list order (position, line_no), so a month's page, filtered or not, is one index range.
 *
 * `penalty_totals`: the effective points and amount per month, scope (a site id, or `*` for all
 * sites) and target (a staff member, or a department with its staff's lines), kept by the same
 * projection in the same transaction, so a month's summary reads a few thousand rows at most
 * rather than adding up its lines.
 *
 * `penalty_cases`: the projection's own copy of what a line shows of its case (number, site),
 * taken from ComplaintLogged, so the ledger depends on no other read model.
 */
export class PenaltyLedger1795444470030 implements MigrationInterface {
  name = 'PenaltyLedger1795444470030';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE penalty_cases (
        case_id uuid PRIMARY KEY,
        case_number text NOT NULL,
        site_id text NOT NULL
      )`);
    await q.query(`
      CREATE TABLE penalty_lines (
        line_id text PRIMARY KEY,
        assessment_id text NOT NULL,
        line_no integer NOT NULL,
        position bigint NOT NULL,
        trigger_event_id text NOT NULL,
        case_id uuid NOT NULL,
        case_number text NOT NULL,
        site_id text NOT NULL,
        rule text NOT NULL,
        policy_version integer NOT NULL,
        target_type text NOT NULL CHECK (target_type IN ('department', 'staff')),
        target_id text NOT NULL,
        department_id text,
        share numeric(5, 4),
        points numeric(12, 2) NOT NULL,
        amount numeric(14, 2) NOT NULL,
        loss_amount numeric(14, 2),
        adjusted_points numeric(12, 2),
        adjusted_amount numeric(14, 2),
        waived boolean NOT NULL DEFAULT false,
        effective_points numeric(12, 2) NOT NULL,
        effective_amount numeric(14, 2) NOT NULL,
        recorded_at timestamptz NOT NULL,
        month text NOT NULL,
        last_position bigint NOT NULL
      )`);
    await q.query('CREATE INDEX penalty_lines_month ON penalty_lines (month, position, line_no)');
    await q.query('CREATE INDEX penalty_lines_month_site ON penalty_lines (month, site_id, position, line_no)');
    await q.query(
      `CREATE INDEX penalty_lines_month_staff ON penalty_lines (month, target_id, position, line_no) WHERE target_type = 'staff'`,
    );
    await q.query('CREATE INDEX penalty_lines_month_department ON penalty_lines (month, department_id, position, line_no)');
    await q.query('CREATE INDEX penalty_lines_case ON penalty_lines (case_id)');
    await q.query(`
      CREATE TABLE penalty_totals (
        month text NOT NULL,
        scope text NOT NULL,
        target_type text NOT NULL CHECK (target_type IN ('department', 'staff')),
        target_id text NOT NULL,
        points numeric(14, 2) NOT NULL,
        amount numeric(16, 2) NOT NULL,
        lines integer NOT NULL,
        PRIMARY KEY (month, scope, target_type, target_id)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE penalty_totals');
    await q.query('DROP TABLE penalty_lines');
    await q.query('DROP TABLE penalty_cases');
  }
}
