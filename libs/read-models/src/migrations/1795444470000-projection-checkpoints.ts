import type { MigrationInterface, QueryRunner } from 'typeorm';

export class ProjectionCheckpoints1795444470000 implements MigrationInterface {
  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE projection_checkpoints (
        name text PRIMARY KEY,
        version integer NOT NULL,
        position bigint NOT NULL DEFAULT 0,
        status text NOT NULL CHECK (status IN ('running', 'failed', 'rebuilding')),
        error text,
        failed_event_id text,
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('DROP TABLE projection_checkpoints');
  }
}
