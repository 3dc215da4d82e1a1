import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The running SLA clocks of every case (PRODUCT.md §4), for the SLA watcher: one row per clock
 * neither stopped nor breached yet, with what MarkSlaBreached needs. Kept by the cases
 * projection in the transaction that writes the case row (each changed case's rows are
 * replaced), so it is exactly the running clocks of `cases.state`. Filled here from the cases
 * already projected, so the projection needs no rebuild.
 */
export class CaseClocks1795444470010 implements MigrationInterface {
  name = 'CaseClocks1795444470010';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE case_clocks (
        case_id uuid NOT NULL,
        clock text NOT NULL,
        started_at timestamptz NOT NULL,
        due_at timestamptz NOT NULL,
        accountable_staff_id text NOT NULL,
        site_id text NOT NULL
      )`);
    await q.query('CREATE INDEX case_clocks_due ON case_clocks (due_at, case_id, clock)');
    await q.query('CREATE INDEX case_clocks_case ON case_clocks (case_id)');
    await q.query(`
      INSERT INTO case_clocks (case_id, clock, started_at, due_at, accountable_staff_id, site_id)
      SELECT c.case_id, k->>'clock', (k->>'startedAt')::timestamptz, (k->>'dueAt')::timestamptz, k->>'accountableStaffId', c.site_id
        FROM cases c, jsonb_array_elements(c.state->'sla') AS k
       WHERE k->>'status' = 'running'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE case_clocks');
  }
}
