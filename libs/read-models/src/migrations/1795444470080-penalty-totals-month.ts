import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Everything the monthly report (PRODUCT.md §8) shows of penalties, kept in `penalty_totals`, so
 * the report reads a few rows per month and never the month's lines (some 190,000 at scale,
 * which took 60–430 ms to add up against a budget of 100 ms for the whole report).
 *
 * - A row per month and scope with `target_type` `'all'` and `target_id` `'*'`: the effective
 *   figures and count of every line in the scope, department and staff lines alike (the
 *   department rows cannot give it: a staff line counts for its department too, and a staff
 *   line without a department counts for none).
 * - On a staff row, `department_id`: the department of the staff member's latest line, and
 *   `department_position`, the event position of that line, so the `penalties` projection moves it
 *   only forward (a line of a later position replaces it, a replayed or older one does not). Lines
 *   of one position are one assessment's, applied together: among them the highest line number wins.
 *
 * The projection's version 2 writes these; its runner rebuilds the tables. Until the rebuild
 * switches over, the live tables stay at their last position, so `up` fills both in from the
 * live lines, and the report stays right (if behind) meanwhile.
 */
export class PenaltyTotalsMonth1795444470080 implements MigrationInterface {
  name = 'PenaltyTotalsMonth1795444470080';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE penalty_totals
        DROP CONSTRAINT penalty_totals_target_type_check,
        ADD CONSTRAINT penalty_totals_target_type_check
          CHECK (target_type IN ('department', 'staff') OR (target_type = 'all' AND target_id = '*')),
        ADD COLUMN department_id text,
        ADD COLUMN department_position bigint`);
    await q.query(`
      INSERT INTO penalty_totals (month, scope, target_type, target_id, points, amount, lines)
      SELECT l.month, s.scope, 'all', '*', sum(l.effective_points), sum(l.effective_amount), count(*)
        FROM penalty_lines l CROSS JOIN LATERAL (VALUES (l.site_id), ('*')) AS s(scope)
       GROUP BY l.month, s.scope`);
    await q.query(`
      UPDATE penalty_totals t SET department_id = l.department_id, department_position = l.position
        FROM (SELECT DISTINCT ON (l.month, s.scope, l.target_id) l.month, s.scope, l.target_id, l.department_id, l.position
                FROM penalty_lines l CROSS JOIN LATERAL (VALUES (l.site_id), ('*')) AS s(scope)
               WHERE l.target_type = 'staff'
               ORDER BY l.month, s.scope, l.target_id, l.position DESC, l.line_no DESC) l
       WHERE t.month = l.month AND t.scope = l.scope AND t.target_type = 'staff' AND t.target_id = l.target_id`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DELETE FROM penalty_totals WHERE target_type = 'all'`);
    await q.query(`
      ALTER TABLE penalty_totals
        DROP COLUMN department_position,
        DROP COLUMN department_id,
        DROP CONSTRAINT penalty_totals_target_type_check,
        ADD CONSTRAINT penalty_totals_target_type_check CHECK (target_type IN ('department', 'staff'))`);
  }
}
