import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The case read model: one row per case, the folded state as JSON plus the columns the case
 * list filters and sorts on. `next_due_at` is the earliest due time of a clock still open, so
 * "overdue" is a comparison with now at query time.
 */
export class Cases1795444470002 implements MigrationInterface {
  name = 'Cases1795444470002';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE cases (
        case_id uuid PRIMARY KEY,
        case_number text NOT NULL UNIQUE,
        kind text NOT NULL,
        status text NOT NULL,
        site_id text NOT NULL,
        category text NOT NULL,
        severity text NOT NULL,
        subject text NOT NULL,
        received_at timestamptz NOT NULL,
        department_id text,
        assignee_id text,
        escalation_level text NOT NULL,
        next_due_at timestamptz,
        complainant_key_id uuid NOT NULL,
        state jsonb NOT NULL,
        version integer NOT NULL,
        updated_at timestamptz NOT NULL
      )`);
    await q.query('CREATE INDEX cases_newest ON cases (received_at DESC, case_id DESC)');
    await q.query('CREATE INDEX cases_site_newest ON cases (site_id, received_at DESC, case_id DESC)');
    await q.query('CREATE INDEX cases_assignee ON cases (assignee_id)');
    await q.query('CREATE INDEX cases_department ON cases (department_id)');
    await q.query('CREATE INDEX cases_complainant ON cases (complainant_key_id)');
    await q.query('CREATE INDEX cases_open_due ON cases (next_due_at) WHERE next_due_at IS NOT NULL');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE cases');
  }
}
