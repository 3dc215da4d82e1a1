import { Global, Module } from '@nestjs/common';
import { Test, type TestingModule } from '@nestjs/testing';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { EVENT_STORE, PostgresEventStore } from '@casebook/event-store';
import { CLOCK, CONFIG, loadConfig, systemClock } from '@casebook/platform';
import { waitForProjections } from '@casebook/read-models';
import { createDataSource } from '../infrastructure/database';
import { directoryProjection, getStaff } from '@casebook/projections';
import { appendDirectory } from '@casebook/projections/testing/directory-fixtures';
import { createTestDatabase, type TestDatabase } from '../../../../test/support/database';
import { ProjectionWorker } from './projection-worker';
import { PROCESS_MANAGERS } from './process-managers/process-managers';
import { SlaWatcher } from './sla/sla-watcher';
import { PROJECTIONS, ProcessingModule } from './processing.module';

let database: TestDatabase;
let dataSource: DataSource;
let store: PostgresEventStore;
let app: TestingModule;

beforeAll(async () => {
  database = await createTestDatabase();
  dataSource = await createDataSource(database.url).initialize();
  store = new PostgresEventStore({ connectionString: database.url, pollIntervalMs: 50 });

  // What the application provides: the read-model data source, the event store, config and clock.
  @Global()
  @Module({
    providers: [
      { provide: DataSource, useValue: dataSource },
      { provide: EVENT_STORE, useValue: store },
      { provide: CONFIG, useValue: loadConfig({ NODE_ENV: 'test', CASEBOOK_JWT_SECRET: 'test' }) },
      { provide: CLOCK, useValue: systemClock },
    ],
    exports: [DataSource, EVENT_STORE, CONFIG, CLOCK],
  })
  class InfrastructureModule {}

  app = await Test.createTestingModule({ imports: [InfrastructureModule, ProcessingModule] })
    .overrideProvider(PROJECTIONS)
    .useValue([directoryProjection])
    .overrideProvider(PROCESS_MANAGERS)
    .useValue([])
    .compile();
  app.useLogger(false);
});

afterAll(async () => {
  await store.close();
  await dataSource.destroy();
  await database.drop();
});

it('runs the projections and the SLA watcher from bootstrap to shutdown, then lets go of their locks', async () => {
  await app.init();
  const position = await appendDirectory(store, [
    { type: 'StaffRegistered', data: { staffId: 'u1', name: 'Li Wei', departmentId: 'cs', role: 'agent', siteIds: [] } },
  ]);
  expect(await waitForProjections(dataSource, ['directory'], position, 5000)).toBe(true);
  expect(await getStaff(dataSource.manager, 'u1')).toMatchObject({ name: 'Li Wei' });
  expect(app.get(ProjectionWorker).states()).toMatchObject({ directory: 'running' });
  expect(app.get(SlaWatcher).state).toBe('sweeping');

  await app.close();

  expect(app.get(ProjectionWorker).states()).toEqual({ directory: 'stopped' });
  expect(app.get(SlaWatcher).state).toBe('stopped');
  const client = new Client({ connectionString: database.url });
  await client.connect();
  try {
    const { rows } = await client.query(`SELECT pg_try_advisory_lock(hashtext('casebook-projection:directory')) AS free`);
    expect(rows[0].free).toBe(true);
    const watcher = await client.query(`SELECT pg_try_advisory_lock(hashtext('casebook-sla-watcher')) AS free`);
    expect(watcher.rows[0].free).toBe(true);
  } finally {
    await client.end();
  }
});
