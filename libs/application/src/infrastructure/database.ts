import { DataSource, type DataSourceOptions } from 'typeorm';
import { eventStoreMigrations } from '@casebook/event-store/postgres/migrations';
import { PersonalDataKeys1700000000050 } from '@casebook/event-store/personal-data/personal-data.migration';
import { IdempotencyMigration1700000000100 } from '@casebook/platform/idempotency/idempotency.migration';
import { readModelEntities, readModelMigrations } from '@casebook/read-models';

/**
 * The one PostgreSQL database of a deployment, composed here because it holds several
 * layers' tables: the event store (PostgreSQL adapter), the personal-data keys, the
 * idempotency keys and the read models. One `migrate` brings a fresh database up to date.
 * Schema changes go through migrations only (never `synchronize`).
 */
export const dataSourceOptions = (
  url: string,
  options: { poolSize?: number; applicationName?: string } = {},
): DataSourceOptions => ({
  type: 'postgres',
  url,
  entities: readModelEntities,
  migrations: [...eventStoreMigrations, PersonalDataKeys1700000000050, IdempotencyMigration1700000000100, ...readModelMigrations],
  migrationsTransactionMode: 'each',
  synchronize: false,
  logging: false,
  extra: { max: options.poolSize ?? 10, application_name: options.applicationName ?? 'casebook' },
});

export const createDataSource = (url: string, options: { poolSize?: number; applicationName?: string } = {}) =>
  new DataSource(dataSourceOptions(url, options));

export async function migrate(url: string): Promise<void> {
  const dataSource = createDataSource(url, { poolSize: 1, applicationName: 'casebook-migrate' });
  await dataSource.initialize();
  try {
    await dataSource.runMigrations();
  } finally {
    await dataSource.destroy();
  }
}
