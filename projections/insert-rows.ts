import type { EntityManager } from 'typeorm';

/**
 * Inserts `rows` (objects keyed by column name) in one statement through jsonb_to_recordset.
 * `columns` defines the record ("name type, …"); `tail` follows the SELECT, e.g. ON CONFLICT.
 */
export async function insertRows(manager: EntityManager, table: string, columns: string, rows: object[], tail = ''): Promise<void> {
  if (rows.length === 0) return;
  const names = columns.split(',').map((c) => c.trim().split(' ')[0]).join(', ');
  await manager.query(`INSERT INTO ${table} (${names}) SELECT ${names} FROM jsonb_to_recordset($1::jsonb) AS r(${columns}) ${tail}`, [JSON.stringify(rows)]);
}
