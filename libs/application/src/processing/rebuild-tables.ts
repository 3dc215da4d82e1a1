import type { DataSource, EntityManager } from 'typeorm';

/**
 * The tables of a rebuild (ARCHITECTURE decision 4): a projection's tables are built afresh in a
 * schema of their own beside the live ones in `public`, with `apply` run under a search_path
 * that finds the copies first, then swapped into `public` in one transaction. The migrations keep
 * defining the tables: each copy takes the live table's structure (LIKE ... INCLUDING ALL) and
 * its index and constraint names, so later migrations find what they expect.
 */

/** Where a rebuild of `name` builds its tables. */
export const shadowSchema = (name: string): string => `rebuild_${name.replace(/[^a-z0-9_]/gi, '_').toLowerCase()}`;

/** Where the replaced tables go at the switch, dropped right after. */
const retiredSchema = (name: string): string => `${shadowSchema(name)}_retired`;

const ident = (name: string): string => `"${name.replace(/"/g, '""')}"`;

// "CREATE UNIQUE INDEX cases_pkey ON public.cases USING btree (case_id)" without its name and schema.
const indexShape = (definition: string): string => definition.replace(/ INDEX \S+ ON \S+?\./, ' INDEX ON ');

/** Empty copies of `tables` in the projection's shadow schema, replacing any left by an earlier rebuild. */
export async function createShadowTables(db: DataSource, name: string, tables: readonly string[]): Promise<void> {
  const shadow = shadowSchema(name);
  await db.transaction(async (manager) => {
    await manager.query(`DROP SCHEMA IF EXISTS ${ident(shadow)} CASCADE`);
    await manager.query(`CREATE SCHEMA ${ident(shadow)}`);
    for (const table of tables) {
      await manager.query(`CREATE TABLE ${ident(shadow)}.${ident(table)} (LIKE public.${ident(table)} INCLUDING ALL)`);
      // LIKE leaves out storage parameters (a counter table's fillfactor keeps its updates HOT).
      const [{ options }] = await manager.query(`SELECT array_to_string(reloptions, ', ') AS options FROM pg_class WHERE oid = $1::regclass`, [`public.${ident(table)}`]);
      if (options) await manager.query(`ALTER TABLE ${ident(shadow)}.${ident(table)} SET (${options})`);
      const [live, copies] = await Promise.all(
        ['public', shadow].map(
          (schema): Promise<{ indexname: string; indexdef: string }[]> =>
            manager.query('SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = $1 AND tablename = $2', [schema, table]),
        ),
      );
      for (const copy of copies) {
        const original = live.find((index) => indexShape(index.indexdef) === indexShape(copy.indexdef));
        if (original && original.indexname !== copy.indexname) {
          // Renaming a constraint's index renames the constraint too.
          await manager.query(`ALTER INDEX ${ident(shadow)}.${ident(copy.indexname)} RENAME TO ${ident(original.indexname)}`);
        }
      }
    }
  });
}

/** Runs `work` in a transaction where the projection's unqualified table names mean its shadow copies. */
export function inShadow<T>(db: DataSource, name: string, work: (manager: EntityManager) => Promise<T>): Promise<T> {
  return db.transaction(async (manager) => {
    await manager.query(`SET LOCAL search_path TO ${ident(shadowSchema(name))}, public`);
    return work(manager);
  });
}

/**
 * Inside the switch-over transaction: the live tables leave `public`, the rebuilt ones take their
 * place. Readers wait on the tables' locks for the instant of the commit, then read the new ones.
 */
export async function swapInShadowTables(manager: EntityManager, name: string, tables: readonly string[]): Promise<void> {
  const shadow = ident(shadowSchema(name));
  const retired = ident(retiredSchema(name));
  await manager.query(`DROP SCHEMA IF EXISTS ${retired} CASCADE`);
  await manager.query(`CREATE SCHEMA ${retired}`);
  for (const table of tables) {
    await manager.query(`ALTER TABLE public.${ident(table)} SET SCHEMA ${retired}`);
    await manager.query(`ALTER TABLE ${shadow}.${ident(table)} SET SCHEMA public`);
  }
}

/** Drops what a rebuild leaves behind: the emptied shadow schema and the replaced tables. */
export async function dropRebuildSchemas(db: DataSource, name: string): Promise<void> {
  await db.query(`DROP SCHEMA IF EXISTS ${ident(retiredSchema(name))} CASCADE`);
  await db.query(`DROP SCHEMA IF EXISTS ${ident(shadowSchema(name))} CASCADE`);
}
