import { DataSource, type DataSourceOptions } from 'typeorm';
import { eventStoreMigrations } from '@casebook/event-store/postgres/migrations';
import { PersonalDataKeys1700000000050 } from '@casebook/event-store/personal-data/personal-data.migration';
import { IdempotencyMigration1700000000100 } from '@casebook/platform/idempotency/idempotency.migration';
import { readModelEntities } from './entities';
import { readModelMigrations } from './migrations';

/**
 * One TypeORM data source for the read-model database. Its migrations also create the
 * PostgreSQL event store's tables, the personal-data keys and the idempotency keys, so one
 * `migrate` brings a fresh database up to date.
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
