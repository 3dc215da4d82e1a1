import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The keys of crypto-shredded personal data. A deleted row is an erased complainant. */
export class PersonalDataKeys1700000000050 implements MigrationInterface {
  name = 'PersonalDataKeys1700000000050';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE personal_data_keys (
        key_id uuid PRIMARY KEY,
        key bytea NOT NULL,
        phone_digest text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query('CREATE INDEX personal_data_keys_phone ON personal_data_keys (phone_digest)');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE personal_data_keys');
  }
}
