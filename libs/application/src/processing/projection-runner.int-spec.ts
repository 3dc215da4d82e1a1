import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { Client, Pool } from 'pg';
import { PostgresEventStore } from '@casebook/event-store';
import { readCheckpoints, waitForProjections } from '@casebook/read-models';
import { createDataSource } from '../infrastructure/database';
import type { DirectoryEvent } from '@casebook/domain/directory';
import { allProjections, directoryProjection, listStaff, type Projection } from '@casebook/projections';
import { casesProjection } from '@casebook/projections/cases/cases.projection';
import { assigned, logged, recorded, replied } from '@casebook/domain/case/testing/decider-spec';
import {
  appendDirectory,
  appendUnrelated,
  directoryHistory,
  directoryTables,
} from '@casebook/projections/testing/directory-fixtures';
import { createTestDatabase } from '../../../../test/support/database';
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

  it('stores its checkpoint past events it ignores at most every passingCheckpointMs, and as soon as it is idle', async () => {
    env.runner(directoryProjection, { passingCheckpointMs: 400, lingerMs: 0 }).start();
    const first = await appendUnrelated(env.store);
    expect(await waitForProjections(env.observer, ['directory'], first, 2000)).toBe(true); // idle for 400 ms: stored
    const started = Date.now();
    const writes: bigint[] = [];
    let last = first;
    while (Date.now() - started < 300) {
      last = await appendUnrelated(env.store);
      writes.push((await env.checkpoint('directory'))!.position);
    }
    // While events it ignores keep coming, the stored checkpoint stays where it was...
    expect(new Set(writes)).toEqual(new Set([first]));
    // ...and follows once they stop.
    expect(await waitForProjections(env.observer, ['directory'], last, 2000)).toBe(true);
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

  it('refuses to run over tables of another version when the projection names no tables to rebuild', async () => {
    const first = env.runner(directoryProjection);
    first.start();
    await until(() => first.state === 'running');
    await first.stop();

    const bumped = env.runner({ ...directoryProjection, version: 2, tables: undefined });
    bumped.start();
    await until(() => bumped.state === 'failed');
    expect(await env.checkpoint('directory')).toMatchObject({
      status: 'failed',
      version: 1,
      error: expect.stringContaining('rebuild'),
    });
  });
});

/**
 * Reads the live tables in a loop until stopped, as the api would while a rebuild runs: every
 * read must succeed and see the whole directory (never an empty or half-built table).
 */
function readContinuously(env: Environment, staff: number) {
  let running = true;
  const seen: number[] = [];
  const done = (async () => {
    while (running) {
      const tables = await directoryTables(env.observer);
      seen.push(tables.staff.length);
      expect(tables.staff).toHaveLength(staff);
      expect(tables.sites).toHaveLength(staff);
      await sleep(2);
    }
  })();
  return {
    async stop() {
      running = false;
      await done;
      return seen;
    },
  };
}

const indexNames = (env: Environment) =>
  env.observer.query(
    "SELECT tablename, indexname FROM pg_indexes WHERE schemaname = 'public' AND tablename LIKE 'directory_%' ORDER BY 1, 2",
  );

const rebuildSchemas = async (env: Environment) =>
  (await env.observer.query("SELECT nspname FROM pg_namespace WHERE nspname LIKE 'rebuild_%'")).length;

// Slow enough that reads and appends overlap the rebuild: a few ms per batch of 10 events.
const slowed = (projection: Projection<DirectoryEvent>): Projection<DirectoryEvent> => ({
  ...projection,
  apply: async (events, manager) => {
    await sleep(5);
    await projection.apply(events, manager);
  },
});

describe('projection rebuild (ARCHITECTURE decision 4)', () => {
  let env: Environment;
  let head: bigint;
  let reference: Awaited<ReturnType<typeof directoryTables>>;

  beforeEach(async () => {
    env = await environment();
    head = await appendHistory(env);
    const first = env.runner(directoryProjection);
    first.start();
    expect(await env.caughtUp('directory', head)).toBe(true);
    await first.stop();
    reference = await directoryTables(env.observer);
    expect(reference.staff).toHaveLength(40);
  });
  afterEach(() => env.dispose());

  it('rebuilds on request beside the live tables, which keep answering and following, then switches over', async () => {
    const indexesBefore = await indexNames(env);
    await env.observer.query('ALTER TABLE directory_staff SET (fillfactor = 70)');
    const runner = env.runner(slowed(directoryProjection), { batchSize: 10, rebuildCheckMs: 20 });
    runner.start();
    await until(() => runner.state === 'running');
    const reads = readContinuously(env, 40);

    // What POST /admin/projections/directory/rebuild records.
    await env.observer.query("UPDATE projection_checkpoints SET status = 'rebuilding' WHERE name = 'directory'");
    await until(async () => runner.state === 'rebuilding' && (await rebuildSchemas(env)) > 0);
    // Events appended during the rebuild reach the live tables and the rebuilt ones alike.
    const late = await appendDirectory(env.store, [
      { type: 'DepartmentRegistered', data: { departmentId: 'late', code: 'LATE', name: 'Registered during the rebuild' } },
    ]);
    expect(await env.caughtUp('directory', late)).toBe(true);
    expect((await directoryTables(env.observer)).departments.map((d: { id: string }) => d.id)).toContain('late');

    await until(async () => runner.state === 'running' && (await env.checkpoint('directory'))?.status === 'running');
    const seen = await reads.stop();
    expect(seen.length).toBeGreaterThan(5);

    const after = await directoryTables(env.observer);
    expect(after.sites).toEqual(reference.sites);
    expect(after.staff).toEqual(reference.staff);
    expect(after.departments.filter((d: { id: string }) => d.id !== 'late')).toEqual(reference.departments);
    expect(await env.checkpoint('directory')).toMatchObject({ status: 'running', version: 1, error: null });
    expect(await indexNames(env)).toEqual(indexesBefore);
    // Storage parameters too (the counter tables' fillfactor keeps their updates HOT).
    expect(await env.observer.query("SELECT reloptions FROM pg_class WHERE oid = 'public.directory_staff'::regclass")).toEqual([{ reloptions: ['fillfactor=70'] }]);
    expect(await rebuildSchemas(env)).toBe(0);

    // And it goes on projecting into the switched-in tables.
    const next = await appendDirectory(env.store, [
      { type: 'SiteRegistered', data: { siteId: 'site-after', code: 'SA', name: 'After the switch' } },
    ]);
    expect(await env.caughtUp('directory', next)).toBe(true);
    expect((await directoryTables(env.observer)).sites).toHaveLength(41);
  });

  it("rebuilds by itself when the code's version is ahead of the tables', switching over in one step", async () => {
    // Tables written by "version 1" code: what version 2 writes differs, so only a rebuild repairs them.
    await env.observer.query("UPDATE directory_staff SET name = 'written by version 1'");
    const stale = await directoryTables(env.observer);
    let reading = true;
    const reads = (async () => {
      let count = 0;
      while (reading) {
        const staff: { name: string }[] = await env.observer.query('SELECT * FROM directory_staff ORDER BY id');
        expect(staff).toHaveLength(40);
        // Either all old or all new: the switch is one step.
        expect(new Set(staff.map((row) => row.name === 'written by version 1')).size).toBe(1);
        count++;
        await sleep(2);
      }
      return count;
    })();

    const bumped = env.runner(slowed({ ...directoryProjection, version: 2 }), { batchSize: 10 });
    bumped.start();
    await until(() => bumped.state === 'rebuilding');
    expect(await directoryTables(env.observer)).toEqual(stale);
    await until(async () => bumped.state === 'running' && (await env.checkpoint('directory'))?.version === 2);
    reading = false;
    expect(await reads).toBeGreaterThan(5);

    expect(await directoryTables(env.observer)).toEqual(reference);
    expect(await env.checkpoint('directory')).toMatchObject({ status: 'running', version: 2, error: null, failedEventId: null });
    expect((await env.checkpoint('directory'))!.position).toBeGreaterThanOrEqual(head);
    expect(await rebuildSchemas(env)).toBe(0);
    // Switched in with planner statistics, not waiting for autovacuum.
    const [analyzed] = await env.observer.query("SELECT reltuples FROM pg_class WHERE oid = 'public.directory_staff'::regclass");
    expect(analyzed.reltuples).toBe(40);
  });

  it('puts off the switch while a long reader holds the live tables, other reads going on, then switches', async () => {
    const reader = new Client({ connectionString: env.database.url, application_name: 'casebook-test' });
    await reader.connect();
    try {
      await reader.query('BEGIN');
      await reader.query('SELECT count(*) FROM directory_staff');
      const runner = env.runner({ ...directoryProjection, version: 2 }, { switchLockTimeoutMs: 50 });
      runner.start();
      await sleep(500);
      // Still rebuilding: the switch gave way to the open transaction, and reads do not queue behind it.
      expect(await env.checkpoint('directory')).toMatchObject({ status: 'rebuilding', version: 1 });
      expect((await directoryTables(env.observer)).staff).toHaveLength(40);
      await reader.query('COMMIT');
      await until(async () => (await env.checkpoint('directory'))?.version === 2 && runner.state === 'running');
      expect(await directoryTables(env.observer)).toEqual(reference);
    } finally {
      await reader.end();
    }
  });

  it('leaves the live tables as they were when the rebuild fails, and says why', async () => {
    const broken: Projection<DirectoryEvent> = {
      ...directoryProjection,
      version: 2,
      apply: async () => {
        throw new Error('cannot build version 2');
      },
    };
    const bumped = env.runner(broken);
    bumped.start();
    await until(() => bumped.state === 'failed');
    expect(await env.checkpoint('directory')).toMatchObject({
      status: 'failed',
      version: 1,
      error: expect.stringContaining('cannot build version 2'),
    });
    expect(await directoryTables(env.observer)).toEqual(reference);
  });
});

describe('rebuild of the cases projection', () => {
  let env: Environment;
  afterEach(() => env.dispose());

  /** `count` cases, each logged, assigned and replied to, appended as the api would. */
  async function appendCases(count: number): Promise<bigint> {
    let position = 0n;
    for (let i = 0; i < count; i++) {
      const caseId = randomUUID();
      const events = recorded([
        logged({ caseId, complainantKeyId: randomUUID(), caseNumber: `CP-${i}` }),
        assigned(),
        ...(i % 2 === 0 ? [replied()] : []),
      ]);
      ({ position } = await env.store.append(
        `case-${caseId}`,
        events.map((event) => {
          const commandId = randomUUID();
          return {
            eventId: randomUUID(),
            type: event.type,
            version: 1,
            data: event.data as unknown as Record<string, unknown>,
            metadata: { actorId: 'agent-1', actorRole: 'agent', commandId, correlationId: commandId, causationId: commandId },
            recordedAt: event.recordedAt,
          };
        }),
      ));
    }
    return position;
  }

  const caseTables = async () => ({
    cases: await env.observer.query('SELECT * FROM cases ORDER BY case_id'),
    clocks: await env.observer.query('SELECT * FROM case_clocks ORDER BY case_id, clock, started_at'),
  });

  it('every projection names its tables, each one a table of the migrations, none named twice', async () => {
    env = await environment();
    const declared = allProjections('UTC').flatMap((projection) => projection.tables ?? []);
    expect(allProjections('UTC').every((projection) => (projection.tables?.length ?? 0) > 0)).toBe(true);
    expect(new Set(declared).size).toBe(declared.length);
    const rows: { tablename: string }[] = await env.observer.query(
      "SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND tablename = ANY($1)",
      [declared],
    );
    expect(rows.map((row) => row.tablename).sort()).toEqual([...declared].sort());
  });

  it('ends with identical cases and case_clocks, every query answering the whole list meanwhile', async () => {
    env = await environment();
    const head = await appendCases(30);
    const runner = env.runner(casesProjection, { batchSize: 7, rebuildCheckMs: 20 });
    runner.start();
    expect(await env.caughtUp('cases', head)).toBe(true);
    const before = await caseTables();
    expect(before.cases).toHaveLength(30);
    expect(before.clocks.length).toBeGreaterThan(0);

    let reading = true;
    const reads = (async () => {
      let count = 0;
      while (reading) {
        const [{ n }] = await env.observer.query('SELECT count(*)::int AS n FROM cases');
        expect(n).toBe(30);
        count++;
      }
      return count;
    })();
    await env.observer.query("UPDATE projection_checkpoints SET status = 'rebuilding' WHERE name = 'cases'");
    await until(async () => (await env.checkpoint('cases'))?.status === 'rebuilding');
    await until(async () => runner.state === 'running' && (await env.checkpoint('cases'))?.status === 'running');
    reading = false;
    expect(await reads).toBeGreaterThan(0);

    expect(await caseTables()).toEqual(before);
    expect(await rebuildSchemas(env)).toBe(0);
  });
});
