import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Responses remembered per Idempotency-Key. A row with a NULL status is a request still being
 * handled. `body` is `json`, not `jsonb`, so a replay sends the keys in their original order.
 */
export class IdempotencyMigration1700000000100 implements MigrationInterface {
  name = 'IdempotencyMigration1700000000100';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE idempotency_keys (
        scope        text        NOT NULL,
        key          text        NOT NULL,
        request_hash text        NOT NULL,
        status       int         NULL,
        body         json        NULL,
        created_at   timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (scope, key)
      )`);
    await queryRunner.query('CREATE INDEX idempotency_keys_created_at ON idempotency_keys (created_at)');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE idempotency_keys');
  }
}
