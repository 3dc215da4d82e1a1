import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The penalty notice (奖罚通知单, PRODUCT.md §14) in the penalty ledger, kept by the `penalties`
 * projection (version 3) from the notice streams' events.
 *
 * - `penalty_notices`: one row per month and scope (a site id, or `*` for the all-sites notice)
 *   once issued, with its status (`issued`, `approved`): what the summary, the monthly report and
 *   the ledger say of a month's notice.
 * - On `penalty_lines`: `notice_scope`, the scope of the notice that lists the line; the line's
 *   objection (签呈) — `objection_reason`, `objected_by` and `objection_status`: `pending` after
 *   PenaltyObjected, `rejected` after PenaltyObjectionRejected, `adjusted` or `waived` when the
 *   line is adjusted or waived after the objection.
 *
 * No event before this version is a notice event, so the live tables are right as they are
 * (empty notices, no objections) until the rebuild switches over.
 */
export class PenaltyNotices1795444470150 implements MigrationInterface {
  name = 'PenaltyNotices1795444470150';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE penalty_notices (
        month text NOT NULL,
        scope text NOT NULL,
        status text NOT NULL CHECK (status IN ('issued', 'approved')),
        PRIMARY KEY (month, scope)
      )`);
    await q.query(`
      ALTER TABLE penalty_lines
        ADD COLUMN notice_scope text,
        ADD COLUMN objection_reason text,
        ADD COLUMN objected_by text,
        ADD COLUMN objection_status text CHECK (objection_status IN ('pending', 'rejected', 'adjusted', 'waived'))`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE penalty_lines
        DROP COLUMN objection_status,
        DROP COLUMN objected_by,
        DROP COLUMN objection_reason,
        DROP COLUMN notice_scope`);
    await q.query('DROP TABLE penalty_notices');
  }
}
