import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The policies read model: every version of every policy, all kept, so the version in force at
 * any instant can be found again (an assessment reproduced with the policy of its trigger).
 */
export class Policies1795444470020 implements MigrationInterface {
  name = 'Policies1795444470020';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE policy_versions (
        name text NOT NULL,
        version integer NOT NULL,
        body jsonb NOT NULL,
        changed_by text NOT NULL,
        recorded_at timestamptz NOT NULL,
        PRIMARY KEY (name, version)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE policy_versions');
  }
}
