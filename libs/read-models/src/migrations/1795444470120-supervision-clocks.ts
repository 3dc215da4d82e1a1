import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * What the SLA watcher and the dashboards need of the supervision line (PRODUCT.md §13), kept
 * by the `cases` projection (version 3, which rebuilds these tables):
 *
 * - `case_clocks` (the watcher's work): `seq`, the clock's index in the case's `sla` list (with
 *   `case_id` the row's key); `paused`, and while paused `paused_at` and `resume_at`, when the
 *   clock resumes by itself; `paused_ms`, the time paused in ended pauses; `warn_at`, when the
 *   warning (预警) of a running, unpaused clock not yet warned for its due time falls due, with
 *   the policy's warnAtFraction (null otherwise). Three partial indexes, one per sweep: clocks to
 *   breach (not paused, by due time), to resume (by resume_at) and to warn (by warn_at).
 * - `case_clocks_policy`: the warnAtFraction `warn_at` is computed with, the latest SLA policy's
 *   as the projection has seen it (no row: the default).
 * - `dashboard_clocks`: `paused`, `at_risk` (warned for its current due time) and
 *   `extension_pending`, for the overview's pausedClocks, atRiskByClock and pendingExtensions,
 *   which read the few flagged rows through a partial index.
 */
export class SupervisionClocks1795444470120 implements MigrationInterface {
  name = 'SupervisionClocks1795444470120';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE case_clocks
        ADD COLUMN seq integer NOT NULL DEFAULT 0,
        ADD COLUMN paused boolean NOT NULL DEFAULT false,
        ADD COLUMN paused_at timestamptz,
        ADD COLUMN resume_at timestamptz,
        ADD COLUMN paused_ms bigint NOT NULL DEFAULT 0,
        ADD COLUMN warn_at timestamptz`);
    await q.query('DROP INDEX case_clocks_due');
    await q.query('CREATE INDEX case_clocks_due ON case_clocks (due_at, case_id, clock) WHERE NOT paused');
    await q.query('CREATE INDEX case_clocks_resume ON case_clocks (resume_at, case_id, clock) WHERE resume_at IS NOT NULL');
    await q.query('CREATE INDEX case_clocks_warn ON case_clocks (warn_at, case_id, clock) WHERE warn_at IS NOT NULL');
    await q.query(`
      CREATE TABLE case_clocks_policy (
        id boolean PRIMARY KEY DEFAULT true CHECK (id),
        warn_at_fraction double precision NOT NULL
      )`);
    await q.query(`
      ALTER TABLE dashboard_clocks
        ADD COLUMN paused boolean NOT NULL DEFAULT false,
        ADD COLUMN at_risk boolean NOT NULL DEFAULT false,
        ADD COLUMN extension_pending boolean NOT NULL DEFAULT false`);
    await q.query('CREATE INDEX dashboard_clocks_supervised ON dashboard_clocks (clock) WHERE at_risk OR paused OR extension_pending');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP INDEX dashboard_clocks_supervised');
    await q.query('ALTER TABLE dashboard_clocks DROP COLUMN paused, DROP COLUMN at_risk, DROP COLUMN extension_pending');
    await q.query('DROP TABLE case_clocks_policy');
    await q.query('DROP INDEX case_clocks_warn');
    await q.query('DROP INDEX case_clocks_resume');
    await q.query('DROP INDEX case_clocks_due');
    await q.query('CREATE INDEX case_clocks_due ON case_clocks (due_at, case_id, clock)');
    await q.query('ALTER TABLE case_clocks DROP COLUMN seq, DROP COLUMN paused, DROP COLUMN paused_at, DROP COLUMN resume_at, DROP COLUMN paused_ms, DROP COLUMN warn_at');
  }
}
