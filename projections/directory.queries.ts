import type { EntityManager } from 'typeorm';
import { DirectoryDepartment, DirectorySite, DirectoryStaff } from '@casebook/read-models';

/**
 * The queries the directory projection serves (admin lists, lookups by commands). Lookups by
 * id run on every command, so they are plain SQL rather than TypeORM's find machinery.
 */

export const listSites = (db: EntityManager) => db.find(DirectorySite, { order: { code: 'ASC', id: 'ASC' } });

export const listDepartments = (db: EntityManager) =>
  db.find(DirectoryDepartment, { order: { code: 'ASC', id: 'ASC' } });

export const listStaff = (db: EntityManager) => db.find(DirectoryStaff, { order: { name: 'ASC', id: 'ASC' } });

const one = async <T>(db: EntityManager, sql: string, id: string): Promise<T | null> => (await db.query(sql, [id]))[0] ?? null;

export const getSite = (db: EntityManager, id: string) =>
  one<DirectorySite>(db, 'SELECT id, code, name FROM directory_sites WHERE id = $1', id);

export const getDepartment = (db: EntityManager, id: string) =>
  one<DirectoryDepartment>(db, 'SELECT id, code, name, name_zh AS "nameZh" FROM directory_departments WHERE id = $1', id);

export const getStaff = (db: EntityManager, id: string) =>
  one<DirectoryStaff>(
    db,
    `SELECT id, name, department_id AS "departmentId", role, site_ids AS "siteIds", active, version
       FROM directory_staff WHERE id = $1`,
    id,
  );
