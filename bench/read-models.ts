import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import { Agent } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import { Client, Pool } from 'pg';
import { allProjections, PROJECTION_NAMES } from '@casebook/projections';
import { PostgresEventStore, type NewEvent } from '@casebook/event-store';
import { signToken } from '@casebook/platform';
import { createDataSource, migrate, PROCESS_MANAGER_NAMES, ProjectionWorker } from '@casebook/application';
import { runDemo } from '../tools/demo/demo-driver';
import { benchDatabase } from './database';
import { percentile } from './measure';
import { BENCH_SECRET, call, startProcess, stop, waitUntilReady } from './processes';

/**
 * `npm run bench:read-models`: the read models at size (issue 4 "Done means").
 *
 * Events: BENCH_CASES case histories (default 100,000, about 10 events each: ~1,000,000 events).
 * They are clones of real histories: first a template Casebook (api + worker processes on a
 * database of their own) is filled by the demo (`npm run demo`'s runDemo, BENCH_TEMPLATES
 * cases through HTTP); every case history that ended closed is taken as a template. Each clone
 * gets a new case id, case number and event ids, its hash chain recomputed by the store, and
 * every instant shifted by one random offset over the last BENCH_DAYS days (default 60), and is
 * appended in one append per case straight through the PostgresEventStore. The directory's and
 * policies' streams are copied once. Only closed histories are cloned so that no cloned SLA
 * clock falls due during the measurements (the watcher would flood the worker with breaches).
 *
 * (a) full rebuild: every projection (allProjections, one ProjectionWorker) from position 0 on
 *     the fresh database, timed until every checkpoint reaches the head: events/s (≥ 10,000).
 * (b) steady-state lag: the api (--no-worker) and the worker as processes; LogComplaint at
 *     BENCH_RATE/s (default 300) for BENCH_LAG_SECONDS (default 20); for each command, the time
 *     from its response until every projection's checkpoint has passed its position (checkpoints
 *     polled every 5 ms): p50/p99 (target p99 < 500 ms).
 * (c) p50/p95 of GET /dashboard/overview and GET /reports/monthly/{month} at that size, one at
 *     a time, BENCH_QUERY_RUNS each (default 100) after 10 unmeasured (target p95 < 100 ms).
 * Self-cleaning (its databases are dropped) and bounded (BENCH_TIMEOUT s per wait, default 900).
 *
 * For working on the read models: BENCH_EVENTS_CACHE=<name> keeps the generated events in a
 * database of that name and, on later runs, starts from a copy of it (then migrated) instead of
 * generating again; BENCH_KEEP=1 leaves the measured database in place and prints its URL.
 */
const CASES = Number(process.env.BENCH_CASES ?? 100_000);
const TEMPLATES = Number(process.env.BENCH_TEMPLATES ?? 300);
const DAYS = Number(process.env.BENCH_DAYS ?? 60);
const RATE = Number(process.env.BENCH_RATE ?? 300);
const LAG_SECONDS = Number(process.env.BENCH_LAG_SECONDS ?? 20);
const QUERY_RUNS = Number(process.env.BENCH_QUERY_RUNS ?? 100);
const TIMEOUT_MS = Number(process.env.BENCH_TIMEOUT ?? 900) * 1000;
const APPEND_CONCURRENCY = 16;
const TIME_ZONE = process.env.CASEBOOK_TZ ?? 'Asia/Shanghai';
const EVENTS_CACHE = process.env.BENCH_EVENTS_CACHE;
const KEEP = process.env.BENCH_KEEP === '1';

const freePort = () => String(30000 + Math.floor(Math.random() * 20000));

/** A second migrated database on the server of `url`, dropped by `drop()`. */
async function siblingDatabase(url: string): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `casebook_bench_tpl_${randomUUID().slice(0, 8)}`;
  await admin(url, `CREATE DATABASE ${name}`);
  const own = new URL(url);
  own.pathname = `/${name}`;
  await migrate(own.toString());
  return { url: own.toString(), drop: async () => void (await admin(url, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)) };
}

/** Runs `sql` on the `postgres` database of `url`'s server. */
async function admin(url: string, sql: string): Promise<unknown[]> {
  const server = new URL(url);
  server.pathname = '/postgres';
  const c = new Client({ connectionString: server.toString() });
  await c.connect();
  try {
    return (await c.query(sql)).rows;
  } finally {
    await c.end();
  }
}

// --- generation -----------------------------------------------------------------------------

interface Row {
  stream_id: string;
  event_id: string;
  type: string;
  version: number;
  data: Record<string, unknown>;
  metadata: Record<string, unknown>;
  recorded_at: Date;
}

/** Real histories from the demo, through the real command path: the directory's streams and closed cases. */
async function templates(url: string): Promise<{ other: Map<string, Row[]>; cases: Row[][] }> {
  const port = freePort();
  const app = startProcess('dist/apps/api/src/main.js', { DATABASE_URL: url, PORT: port });
  try {
    const base = `http://127.0.0.1:${port}`;
    await waitUntilReady(base);
    await runDemo({ url: base, secret: BENCH_SECRET, cases: TEMPLATES, progress: () => undefined });
    await sleep(3000); // the penalties process manager assesses the closures
  } finally {
    await stop(app);
  }
  const db = new Client({ connectionString: url });
  await db.connect();
  const { rows } = await db.query<Row>(`SELECT stream_id, event_id, type, version, data, metadata, recorded_at FROM events ORDER BY position`);
  await db.end();
  const streams = new Map<string, Row[]>();
  for (const row of rows) streams.set(row.stream_id, [...(streams.get(row.stream_id) ?? []), row]);
  const other = new Map<string, Row[]>();
  const cases: Row[][] = [];
  for (const [id, events] of streams) {
    if (!id.startsWith('case-')) other.set(id, events);
    else if (events.filter((e) => e.type !== 'PenaltyAssessed').at(-1)?.type === 'CaseClosed') cases.push(events);
  }
  // Worked cases (assigned, rectified, visited…) rather than answered inquiries, when there are enough.
  const worked = cases.filter((h) => h.length >= 8);
  return { other, cases: worked.length >= 20 ? worked : cases };
}

const ISO = /"(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:\d{2}))"/g;
const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g;

const stripHashes = (metadata: Record<string, unknown>) => {
  const { hash: _hash, prevHash: _prevHash, ...rest } = metadata;
  return rest;
};

/** A clone of one history: new ids (case, events, commands), new case number, instants shifted by `shiftMs`. */
function clone(history: Row[], serial: number, shiftMs: number): { streamId: string; events: NewEvent[] } {
  const ids = new Map<string, string>();
  const caseId = (history[0].data as { caseId: string }).caseId;
  const oldNumber = (history[0].data as { caseNumber: string }).caseNumber;
  const shift = (iso: string) => new Date(Date.parse(iso) + shiftMs).toISOString();
  const receivedAt = shift((history[0].data as { receivedAt: string }).receivedAt);
  const month = new Intl.DateTimeFormat('en-CA', { timeZone: TIME_ZONE, year: 'numeric', month: '2-digit' }).format(new Date(receivedAt)).replace('-', '');
  const caseNumber = `${oldNumber.split('-')[0]}-${month}-${String(100000 + serial)}`;
  const rewrite = (value: unknown) =>
    JSON.parse(
      JSON.stringify(value)
        .replace(ISO, (_, iso: string) => `"${shift(iso)}"`)
        .replaceAll(oldNumber, caseNumber)
        // every id of the case (case, events, commands, penalty lines, keys) gets a fresh one, consistently
        .replace(UUID, (id) => {
          if (!ids.has(id)) ids.set(id, randomUUID());
          return ids.get(id)!;
        }),
    );
  ids.set(caseId, randomUUID());
  const events = history.map((row) => ({
    eventId: rewrite(row.event_id) as unknown as string,
    type: row.type,
    version: row.version,
    data: rewrite(row.data),
    metadata: rewrite(stripHashes(row.metadata)),
    recordedAt: shift(row.recorded_at.toISOString()),
  }));
  return { streamId: `case-${ids.get(caseId)}`, events };
}

/** Fills `url` with the directory's streams and CASES cloned cases; answers the number of events. */
async function generate(url: string, source: { other: Map<string, Row[]>; cases: Row[][] }): Promise<number> {
  const store = new PostgresEventStore({ connectionString: url, poolSize: APPEND_CONCURRENCY });
  let events = 0;
  for (const [streamId, rows] of source.other) {
    await store.append(
      streamId,
      rows.map((r) => ({ eventId: r.event_id, type: r.type, version: r.version, data: r.data, metadata: stripHashes(r.metadata) as never, recordedAt: r.recorded_at.toISOString() })),
      { expectedRevision: 'no_stream' },
    );
    events += rows.length;
  }
  // The latest instant of any template, so that no shifted instant lands in the future.
  const latest = Math.max(...source.cases.flat().map((r) => r.recorded_at.getTime()));
  let next = 0;
  let lastReport = Date.now();
  const append = async () => {
    while (next < CASES) {
      const i = next++;
      const history = source.cases[i % source.cases.length];
      // Every instant of the clone moves back by up to DAYS days (the template's are all past or deadlines).
      const { streamId, events: cloned } = clone(history, i, -(Date.now() - latest) - Math.random() * DAYS * 86_400_000);
      await store.append(streamId, cloned, { expectedRevision: 'no_stream' });
      events += cloned.length;
      if (Date.now() - lastReport > 5000) {
        lastReport = Date.now();
        process.stderr.write(`  ${i + 1}/${CASES} cases, ${events} events\n`);
      }
    }
  };
  await Promise.all(Array.from({ length: APPEND_CONCURRENCY }, append));
  await store.close();
  return events;
}

// --- (a) full rebuild -----------------------------------------------------------------------

const checkpoints = async (db: { query(sql: string): Promise<any[]> }) =>
  new Map((await db.query(`SELECT name, position::text AS position FROM projection_checkpoints`)).map((r: any) => [r.name as string, BigInt(r.position)]));

async function fullRebuild(url: string): Promise<{ events: number; seconds: number }> {
  const dataSource = await createDataSource(url, { poolSize: 12, applicationName: 'casebook-bench-read-models' }).initialize();
  const store = new PostgresEventStore({ connectionString: url, poolSize: 12 });
  const head = await store.headPosition();
  const [{ count }] = await dataSource.query(`SELECT count(*)::int AS count FROM events`);
  const quiet = { log: () => undefined, warn: (m: unknown) => console.warn(m), error: (m: unknown) => console.error(m) };
  const projections = allProjections(TIME_ZONE);
  const worker = new ProjectionWorker({ dataSource, store }, projections, { logger: quiet });
  const started = Date.now();
  worker.start();
  try {
    for (;;) {
      const at = await checkpoints(dataSource);
      if (projections.every((p) => (at.get(p.name) ?? 0n) >= head)) break;
      const failed = Object.entries(worker.states()).find(([, state]) => state === 'failed');
      if (failed) throw new Error(`(a) projection ${failed[0]} failed`);
      if (Date.now() - started > TIMEOUT_MS) throw new Error(`(a) not at the head after ${TIMEOUT_MS / 1000} s: ${JSON.stringify([...at].map(([n, p]) => [n, String(p)]))}`);
      await sleep(50);
    }
    return { events: count, seconds: (Date.now() - started) / 1000 };
  } finally {
    await worker.stop();
    await store.close();
    await dataSource.destroy();
  }
}

// --- (b) and (c) through the processes ----------------------------------------------------------


/**
 * The process managers (escalation, penalties) react to new events only: the cloned histories
 * already hold their reactions. Their checkpoints start at the head, as on a worker that has
 * been running all along, so (b) measures the steady state and not a catch-up through 1M events.
 */
async function processManagersAtHead(url: string) {
  const db = new Client({ connectionString: url });
  await db.connect();
  try {
    const store = new PostgresEventStore({ connectionString: url, poolSize: 1 });
    const head = await store.headPosition();
    await store.close();
    for (const name of PROCESS_MANAGER_NAMES) {
      await db.query(
        `INSERT INTO projection_checkpoints (name, version, position, status) VALUES ($1, 1, $2, 'running')
         ON CONFLICT (name) DO UPDATE SET position = EXCLUDED.position`,
        [name, head.toString()],
      );
    }
  } finally {
    await db.end();
  }
}

async function lagAndQueries(url: string) {
  await processManagersAtHead(url);
  const port = freePort();
  const api = startProcess('dist/apps/api/src/main.js', { DATABASE_URL: url, PORT: port }, ['--no-worker']);
  const worker = startProcess('dist/apps/worker/src/main.js', { DATABASE_URL: url });
  const base = `http://127.0.0.1:${port}/api/v1`;
  const http = new Agent({ keepAlive: true, maxSockets: 64 });
  const db = new Pool({ connectionString: url, max: 2 });
  try {
    await waitUntilReady(`http://127.0.0.1:${port}`);
    const agent = signToken(BENCH_SECRET, { sub: 'agent-1', role: 'agent', sites: ['garden-court'] }, '1h');
    const gm = signToken(BENCH_SECRET, { sub: 'gm-1', role: 'gm', sites: ['*'] }, '1h');
    const names = PROJECTION_NAMES;
    const minCheckpoint = async () => {
      const at = await checkpoints({ query: async (sql) => (await db.query(sql)).rows });
      return names.reduce((min, n) => ((at.get(n) ?? 0n) < min ? (at.get(n) ?? 0n) : min), BigInt(Number.MAX_SAFE_INTEGER) * 1000n);
    };

    // (b) LogComplaint at RATE/s, open loop; lag = response → every checkpoint past its position.
    const pending: { position: bigint; at: number }[] = [];
    const lags: number[] = [];
    let failures = 0;
    let sent = 0;
    let polling = true;
    let stoppedAt = Infinity;
    const poller = (async () => {
      while (polling || pending.length > 0) {
        const min = await minCheckpoint();
        const now = performance.now();
        for (let i = pending.length - 1; i >= 0; i--) {
          if (pending[i].position <= min) {
            lags.push(now - pending[i].at);
            pending.splice(i, 1);
          }
        }
        if (!polling && performance.now() - stoppedAt > 30_000) break;
        await sleep(5);
      }
    })();
    const body = {
      kind: 'complaint',
      siteId: 'garden-court',
      channel: 'phone',
      category: 'repair_delay',
      severity: 'general',
      subject: 'Water leaking from the ceiling',
      description: 'Leak in the bathroom ceiling since yesterday',
      complainant: { name: '张三', phone: '13812345678', unit: '3-1201' },
    };
    const inFlight: Promise<void>[] = [];
    const started = performance.now();
    const total = RATE * LAG_SECONDS;
    while (sent < total) {
      const dueAt = started + (sent * 1000) / RATE;
      const wait = dueAt - performance.now();
      if (wait > 1) await sleep(wait);
      sent++;
      inFlight.push(
        call(http, 'POST', `${base}/cases`, agent, body).then(
          (res) => {
            if (res.status !== 201) return void failures++;
            pending.push({ position: BigInt(JSON.parse(res.body).position), at: performance.now() });
          },
          () => void failures++,
        ),
      );
    }
    const sendingRate = sent / ((performance.now() - started) / 1000);
    await Promise.all(inFlight);
    const achievedRate = sent / ((performance.now() - started) / 1000);
    polling = false;
    stoppedAt = performance.now();
    await poller;
    lags.sort((a, b) => a - b);

    // (c) the dashboard overview and the monthly report, one request at a time.
    const month = new Intl.DateTimeFormat('en-CA', { timeZone: TIME_ZONE, year: 'numeric', month: '2-digit' }).format(new Date()).slice(0, 7);
    const [{ in_month }] = (
      await db.query(`SELECT count(*)::int AS in_month FROM events WHERE type = 'ComplaintLogged' AND to_char((data->>'receivedAt')::timestamptz AT TIME ZONE $1, 'YYYY-MM') = $2`, [TIME_ZONE, month])
    ).rows;
    const time = async (path: string) => {
      const latencies: number[] = [];
      let last = '';
      for (let i = 0; i < QUERY_RUNS + 10; i++) {
        const t = performance.now();
        const res = await call(http, 'GET', `${base}${path}`, gm);
        if (res.status !== 200) throw new Error(`GET ${path}: ${res.status} ${res.body.slice(0, 300)}`);
        if (i >= 10) latencies.push(performance.now() - t);
        last = res.body;
      }
      latencies.sort((a, b) => a - b);
      return { p50: percentile(latencies, 50), p95: percentile(latencies, 95), max: latencies[latencies.length - 1], last };
    };
    const overview = await time('/dashboard/overview');
    const report = await time(`/reports/monthly/${month}`);
    return { sent, sendingRate, achievedRate, failures, unseen: pending.length, lags, overview, report, month, inMonth: in_month as number };
  } finally {
    http.destroy();
    await db.end();
    await Promise.all([stop(api), stop(worker)]);
  }
}

/** The events to measure on: a copy of BENCH_EVENTS_CACHE when it exists, else generated (and cached when asked). */
async function events(url: string): Promise<number> {
  const name = new URL(url).pathname.slice(1);
  if (EVENTS_CACHE && (await admin(url, `SELECT 1 FROM pg_database WHERE datname = '${EVENTS_CACHE}'`)).length > 0) {
    const t = Date.now();
    await admin(url, `DROP DATABASE ${name} WITH (FORCE)`);
    await admin(url, `CREATE DATABASE ${name} TEMPLATE ${EVENTS_CACHE}`);
    await migrate(url);
    const c = new Client({ connectionString: url });
    await c.connect();
    const [{ n }] = (await c.query('SELECT count(*)::int AS n FROM events')).rows;
    await c.end();
    console.log(`events: ${n} from the cache ${EVENTS_CACHE} in ${((Date.now() - t) / 1000).toFixed(1)} s`);
    return n;
  }
  const template = await siblingDatabase(url);
  try {
    let t = Date.now();
    const source = await templates(template.url);
    if (source.cases.length === 0) throw new Error('the demo left no closed case to clone');
    const templateEvents = source.cases.reduce((n, h) => n + h.length, 0);
    console.log(
      `templates: ${source.cases.length} closed case histories from ${TEMPLATES} demo cases (${(templateEvents / source.cases.length).toFixed(1)} events per case), ` +
        `${source.other.size} directory/policy streams, in ${((Date.now() - t) / 1000).toFixed(1)} s`,
    );
    t = Date.now();
    const n = await generate(url, source);
    console.log(`generated: ${n} events (${CASES} cases) in ${((Date.now() - t) / 1000).toFixed(1)} s through the event store`);
    if (EVENTS_CACHE) await admin(url, `CREATE DATABASE ${EVENTS_CACHE} TEMPLATE ${name}`);
    return n;
  } finally {
    await template.drop();
  }
}

async function main() {
  const db = await benchDatabase();
  const ms = (v: number) => `${v.toFixed(1)} ms`;
  try {
    console.log(`Read-model benchmark: ${CASES} cases over ${DAYS} days, on ${new URL(db.url).host}`);
    await events(db.url);

    const rebuild = await fullRebuild(db.url);
    console.log(
      `(a) full rebuild of ${PROJECTION_NAMES.length} projections (${PROJECTION_NAMES.join(', ')}) from 0: ` +
        `${rebuild.events} events in ${rebuild.seconds.toFixed(1)} s = ${(rebuild.events / rebuild.seconds).toFixed(0)} events/s (target ≥ 10,000)`,
    );

    const r = await lagAndQueries(db.url);
    console.log(
      `(b) projection lag while LogComplaint is sent at ${r.sendingRate.toFixed(0)}/s (all ${r.sent} answered at ${r.achievedRate.toFixed(0)}/s; ${r.failures} failed, ${r.unseen} never projected within 30 s): ` +
        `p50 ${ms(percentile(r.lags, 50))}, p99 ${ms(percentile(r.lags, 99))}, max ${ms(r.lags[r.lags.length - 1] ?? NaN)} (target p99 < 500 ms)`,
    );
    const received = (() => {
      try {
        return JSON.parse(r.report.last).summary?.received;
      } catch {
        return '?';
      }
    })();
    console.log(`(c) ${QUERY_RUNS} requests each, one at a time (gm, all sites):`);
    console.log(`    GET /dashboard/overview:         p50 ${ms(r.overview.p50)}, p95 ${ms(r.overview.p95)}, max ${ms(r.overview.max)}`);
    console.log(
      `    GET /reports/monthly/${r.month}:     p50 ${ms(r.report.p50)}, p95 ${ms(r.report.p95)}, max ${ms(r.report.max)} ` +
        `(${received} received in the month per the report; ${r.inMonth} ComplaintLogged in it)  (target p95 < 100 ms each)`,
    );
  } finally {
    if (KEEP) console.log(`kept: ${db.url}`);
    else await db.drop();
  }
}

main().then(
  () => process.exit(0),
  (error) => {
    console.error(error instanceof Error ? error.stack : error);
    process.exit(1);
  },
);
