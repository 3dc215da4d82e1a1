import type { MigrationInterface, QueryRunner } from 'typeorm';

// No unique constraint on `code`: the domain does not promise unique codes, and a constraint
// the events may violate would stop the projection.
export class Directory1795444470001 implements MigrationInterface {
  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE directory_sites (
        id text PRIMARY KEY,
        code text NOT NULL,
        name text NOT NULL
      )`);
    await db.query(`
      CREATE TABLE directory_departments (
        id text PRIMARY KEY,
        code text NOT NULL,
        name text NOT NULL,
        name_zh text
      )`);
    await db.query(`
      CREATE TABLE directory_staff (
        id text PRIMARY KEY,
        name text NOT NULL,
        department_id text NOT NULL,
        role text NOT NULL,
        site_ids text[] NOT NULL,
        active boolean NOT NULL,
        version integer NOT NULL
      )`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('DROP TABLE directory_staff');
    await db.query('DROP TABLE directory_departments');
    await db.query('DROP TABLE directory_sites');
  }
}
