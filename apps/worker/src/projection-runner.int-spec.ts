import { setTimeout as sleep } from 'node:timers/promises';
import { Client, Pool } from 'pg';
import { PostgresEventStore } from '@casebook/event-store';
import { readCheckpoints, waitForProjections } from '@casebook/read-models';
import { createDataSource } from './infrastructure/database';
import type { DirectoryEvent } from '@casebook/domain/directory';
import { directoryProjection, listStaff, type Projection } from '@casebook/projections';
import {
  appendDirectory,
  appendUnrelated,
  directoryHistory,
  directoryTables,
} from '@casebook/projections/testing/directory-fixtures';
import { createTestDatabase } from '../../../test/support/database';
import { ProjectionRunner, type ProjectionRunnerOptions } from './projection-runner';
import { ProjectionWorker } from './projection-worker';

/** The worker's connections carry these names, so a test can kill them and keep its own. */
const WORKER_SESSIONS = ['casebook-worker', 'casebook-store', 'casebook-projection-lock'];

const quiet = { log: () => undefined, warn: () => undefined, error: () => undefined };

/** A migrated database, the worker's data source and store on it, and a connection to watch with. */
async function environment() {
  const database = await createTestDatabase();
  const dataSource = await createDataSource(database.url, { applicationName: 'casebook-worker' }).initialize();
  const pool = new Pool({ connectionString: database.url, application_name: 'casebook-store' });
  pool.on('error', () => undefined); // idle connections the tests kill
  const store = new PostgresEventStore({ pool, pollIntervalMs: 50 });
  const observer = await createDataSource(database.url, { applicationName: 'casebook-test' }).initialize();
  const runners: { stop(): Promise<void> }[] = [];
  return {
    database,
    dataSource,
    store,
    observer,
    runner(projection: Projection, options: ProjectionRunnerOptions = {}) {
      const runner = new ProjectionRunner(projection, { dataSource, store }, { retryMs: 20, logger: quiet, ...options });
      runners.push(runner);
      return runner;
    },
    checkpoint: async (name: string) => (await readCheckpoints(observer)).find((c) => c.name === name),
    caughtUp: async (name: string, position: bigint) => waitForProjections(observer, [name], position, 20_000),
    async dispose() {
      await Promise.all(runners.map((runner) => runner.stop()));
      await store.close();
      await pool.end();
      await Promise.all([dataSource.destroy(), observer.destroy()]);
      await database.drop();
    },
  };
}
type Environment = Awaited<ReturnType<typeof environment>>;

async function killWorkerSessions(url: string): Promise<number> {
  const client = new Client({ connectionString: url, application_name: 'casebook-test' });
  await client.connect();
  try {
    const { rows } = await client.query(
      `SELECT count(pg_terminate_backend(pid))::int AS killed FROM pg_stat_activity
        WHERE datname = current_database() AND application_name = ANY($1)`,
      [WORKER_SESSIONS],
    );
    return rows[0].killed;
  } finally {
    await client.end();
  }
}

async function until(condition: () => Promise<boolean> | boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await sleep(10);
  }
}

/**
 * The directory history with unrelated events between, as the store would hold them in life.
 * Returns the last position appended (not `headPosition()`, which lags behind it while any
 * transaction on the server is older than the append).
 */
async function appendHistory(env: Environment): Promise<bigint> {
  const history = directoryHistory(40);
  let position = 0n;
  for (let i = 0; i < history.length; i += 10) {
    await appendDirectory(env.store, history.slice(i, i + 10));
    position = await appendUnrelated(env.store);
  }
  return position;
}

const before = async (env: Environment, position: bigint) => ((await env.checkpoint('directory'))?.position ?? 0n) < position;

describe('projection runner', () => {
  let env: Environment;
  let uninterrupted: Awaited<ReturnType<typeof directoryTables>>;

  beforeAll(async () => {
    const reference = await environment();
    try {
      const head = await appendHistory(reference);
      reference.runner(directoryProjection).start();
      expect(await reference.caughtUp('directory', head)).toBe(true);
      uninterrupted = await directoryTables(reference.observer);
    } finally {
      await reference.dispose();
    }
  });

  beforeEach(async () => {
    env = await environment();
  });
  afterEach(() => env.dispose());

  it('projects events appended while it runs, and its checkpoint passes events it ignores', async () => {
    const runner = env.runner(directoryProjection);
    runner.start();
    await appendDirectory(env.store, [
      { type: 'DepartmentRegistered', data: { departmentId: 'cs', code: 'CS', name: 'Customer service' } },
      { type: 'StaffRegistered', data: { staffId: 'u1', name: 'Li Wei', departmentId: 'cs', role: 'agent', siteIds: [] } },
    ]);
    const unrelated = await appendUnrelated(env.store);

    expect(await waitForProjections(env.observer, ['directory'], unrelated, 5000)).toBe(true);
    expect(await listStaff(env.observer.manager)).toMatchObject([{ id: 'u1', departmentId: 'cs', active: true }]);
    expect(await env.checkpoint('directory')).toMatchObject({ status: 'running', version: 1, position: unrelated });
    expect(runner.state).toBe('running');
  });

  it('makes waitForProjections false while the projection is behind', async () => {
    const head = await appendHistory(env);
    expect(await waitForProjections(env.observer, ['directory'], head, 100)).toBe(false);
    env.runner(directoryProjection).start();
    expect(await waitForProjections(env.observer, ['directory'], head, 5000)).toBe(true);
    expect(await waitForProjections(env.observer, ['directory'], head + 1n, 100)).toBe(false);
  });

  it('ends with the same tables as an uninterrupted run when stopped mid-way and restarted', async () => {
    const head = await appendHistory(env);
    let restarts = 0;
    while (await before(env, head)) {
      const runner = env.runner(directoryProjection, { batchSize: 7 });
      runner.start();
      await sleep(5 + Math.random() * 30);
      await runner.stop();
      restarts++;
    }
    expect(restarts).toBeGreaterThan(2);
    expect(await directoryTables(env.observer)).toEqual(uninterrupted);
  });

  it('ends with the same tables as an uninterrupted run when its sessions are killed at random', async () => {
    const head = await appendHistory(env);
    const runner = env.runner(directoryProjection, { batchSize: 3 });
    runner.start();
    let killsMidway = 0;
    while (killsMidway < 8 && (await before(env, head))) {
      await sleep(10 + Math.random() * 40);
      if ((await killWorkerSessions(env.database.url)) > 0) killsMidway++;
    }
    expect(killsMidway).toBeGreaterThan(2);
    expect(await env.caughtUp('directory', head)).toBe(true);
    expect(runner.state).toBe('running');
    expect(await directoryTables(env.observer)).toEqual(uninterrupted);
  });

  it('keeps a second runner in standby until the first stops, then it takes over', async () => {
    const appliedBy: string[] = [];
    const tracked = (id: string): Projection<DirectoryEvent> => ({
      ...directoryProjection,
      apply: async (events, manager) => {
        appliedBy.push(id);
        await directoryProjection.apply(events, manager);
      },
    });
    const first = env.runner(tracked('first'));
    first.start();
    await until(() => first.state === 'running');
    const second = env.runner(tracked('second'));
    second.start();
    await until(() => second.state === 'standby');

    await appendDirectory(env.store, directoryHistory(40).slice(0, 60));
    await until(async () => (await directoryTables(env.observer)).staff.length === 20);
    expect(second.state).toBe('standby');
    expect(new Set(appliedBy)).toEqual(new Set(['first']));

    await first.stop();
    await until(() => second.state === 'running');
    const head = await appendHistory(env);
    expect(await env.caughtUp('directory', head)).toBe(true);
    expect(appliedBy).toContain('second');
    expect(appliedBy.slice(appliedBy.indexOf('second'))).not.toContain('first');
  });

  it('marks a projection failed at the event it cannot apply, and the others keep going', async () => {
    const error = jest.fn();
    const poisoned: Projection<DirectoryEvent> = { ...directoryProjection, name: 'poisoned' };
    let poisonId: string | undefined;
    poisoned.apply = async (events, manager) => {
      const poison = events.find((event) => event.type === 'StaffRegistered' && event.data.staffId === 'staff-3');
      if (poison) {
        poisonId = poison.eventId;
        throw new Error('cannot project staff-3');
      }
      await directoryProjection.apply(events, manager);
    };
    const worker = new ProjectionWorker({ dataSource: env.dataSource, store: env.store }, [directoryProjection, poisoned], {
      retryMs: 20,
      logger: { ...quiet, error },
    });
    worker.start();
    try {
      const head = await appendHistory(env);
      expect(await env.caughtUp('directory', head)).toBe(true);
      await until(() => worker.states().poisoned === 'failed');

      const failed = await env.checkpoint('poisoned');
      expect(failed).toMatchObject({ status: 'failed', failedEventId: poisonId });
      expect(failed?.error).toContain('cannot project staff-3');
      expect(failed?.error).toContain(poisonId);
      expect(error).toHaveBeenCalledWith(expect.stringContaining(poisonId!));
      // Everything before the poisoned event was kept.
      const [{ count }] = await env.observer.query(
        `SELECT count(*)::int AS count FROM events WHERE position <= $1 AND type = 'StaffRegistered'`,
        [failed!.position.toString()],
      );
      expect(count).toBe(3);

      const more = await appendDirectory(env.store, [{ type: 'StaffUpdated', data: { staffId: 'staff-1', active: true } }]);
      expect(await env.caughtUp('directory', more)).toBe(true);
      expect(worker.states()).toEqual({ directory: 'running', poisoned: 'failed' });
    } finally {
      await worker.stop();
    }
  });

  it('retries a failed projection when a new runner starts, resuming at the failed event', async () => {
    let broken = true;
    const flaky: Projection<DirectoryEvent> = {
      ...directoryProjection,
      apply: async (events, manager) => {
        if (broken) throw new Error('not yet');
        await directoryProjection.apply(events, manager);
      },
    };
    const head = await appendHistory(env);
    const first = env.runner(flaky);
    first.start();
    await until(() => first.state === 'failed');
    expect(await env.checkpoint('directory')).toMatchObject({ status: 'failed', position: 0n });

    broken = false;
    env.runner(flaky).start();
    expect(await env.caughtUp('directory', head)).toBe(true);
    expect(await env.checkpoint('directory')).toMatchObject({ status: 'running', error: null, failedEventId: null });
    expect(await directoryTables(env.observer)).toEqual(uninterrupted);
  });

  it('refuses to run over tables of another version', async () => {
    const first = env.runner(directoryProjection);
    first.start();
    await until(() => first.state === 'running');
    await first.stop();

    const bumped = env.runner({ ...directoryProjection, version: 2 });
    bumped.start();
    await until(() => bumped.state === 'failed');
    expect(await env.checkpoint('directory')).toMatchObject({
      status: 'failed',
      version: 1,
      error: expect.stringContaining('rebuild'),
    });
  });
});
