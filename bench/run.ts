import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { Agent } from 'node:http';
import { Pool } from 'pg';
import { PostgresEventStore } from '@casebook/event-store';
import { signToken } from '@casebook/platform';
import { benchDatabase } from './database';
import { benchEsdbAppends } from './esdb-append';
import { combine, format, load, type Figures } from './measure';
import { BENCH_SECRET, call, startProcess, stop, waitUntilReady } from './processes';

/**
 * `npm run bench`: on one PostgreSQL, in one run, (a) the ceiling: single-row INSERTs into an
 * events-like table from Node; (b) the event store's appends of new streams and (b2) of events
 * to existing streams at their expected revision; (c) LogComplaint through HTTP against the api
 * process, with the worker in its own process and alone, and the api's peak RSS; (d) 8 clients
 * sending commands to one case through HTTP. 32 concurrent clients unless said otherwise. Then
 * (e) appends through the EventStoreDB adapter to its in-process test server (esdb-append.ts).
 */
const CONCURRENCY = 32;
const SECONDS = Number(process.env.BENCH_SECONDS ?? 15);

/**
 * (a) one single-row INSERT into an events-like table, the ceiling for (b): the columns and
 * unique indexes of `events` (global order, event id, stream and revision), with a plain
 * sequence for the position and nothing else: no hash chain, no head, no notification.
 */
async function rawInsert(url: string) {
  const pool = new Pool({ connectionString: url, max: CONCURRENCY });
  pool.on('error', () => undefined);
  await pool.query(`CREATE TABLE bench_raw_events (
    position bigserial PRIMARY KEY, stream_id text NOT NULL, revision bigint NOT NULL, event_id uuid NOT NULL UNIQUE,
    type text NOT NULL, data jsonb NOT NULL, metadata jsonb NOT NULL, recorded_at timestamptz NOT NULL,
    UNIQUE (stream_id, revision))`);
  const data = sampleData();
  // The row an append writes, serialized per insert as any writer would: same data, and
  // metadata of the same shape and size (hashes included).
  const operation = () =>
    pool.query(
      'INSERT INTO bench_raw_events (stream_id, revision, event_id, type, data, metadata, recorded_at) VALUES ($1, 0, $2, $3, $4, $5, now())',
      [`case-${randomUUID()}`, randomUUID(), 'ComplaintLogged', JSON.stringify(data), JSON.stringify(sampleMetadata(true))],
    );
  return { operation, close: () => pool.end() };
}

const sampleEvent = (data: Record<string, unknown>) => ({
  eventId: randomUUID(),
  type: 'ComplaintLogged',
  version: 1,
  data,
  metadata: sampleMetadata(false),
  recordedAt: new Date().toISOString(),
});

/** (b) one append of a new case stream through the event store, hash chain and all. */
function storeAppend(store: PostgresEventStore) {
  const data = sampleData();
  return () => store.append(`case-${randomUUID()}`, [sampleEvent(data)], { expectedRevision: 'no_stream' });
}

/**
 * (b2) one event appended to an existing stream at its expected revision, as a command appends
 * after deciding on the stream it read: a client takes a stream no other client is writing to,
 * so every append succeeds, at the revision its stream's last append made.
 */
function storeAppendExisting(store: PostgresEventStore) {
  const data = sampleData();
  const free = Array.from({ length: CONCURRENCY * 4 }, () => ({ id: `case-${randomUUID()}`, revision: undefined as bigint | undefined }));
  return async () => {
    const stream = free.shift()!;
    const result = await store.append(stream.id, [sampleEvent(data)], { expectedRevision: stream.revision ?? 'no_stream' });
    stream.revision = result.nextRevision;
    free.push(stream);
  };
}

/**
 * (a) and (b) in alternating rounds, each after a CHECKPOINT, so that both meet the same
 * disk and WAL conditions; the ratio is of the totals.
 */
async function ceilingAndAppends(url: string) {
  const raw = await rawInsert(url);
  const store = new PostgresEventStore({ connectionString: url, poolSize: CONCURRENCY });
  const subjects = { raw: raw.operation, store: storeAppend(store), existing: storeAppendExisting(store) };
  const admin = new Pool({ connectionString: url, max: 1 });
  admin.on('error', () => undefined);
  const rounds = 3;
  const results: Record<keyof typeof subjects, Figures[]> = { raw: [], store: [], existing: [] };
  for (let round = 0; round < rounds; round++) {
    for (const name of Object.keys(subjects) as (keyof typeof subjects)[]) {
      await admin.query('CHECKPOINT');
      results[name].push(await load(subjects[name], { concurrency: CONCURRENCY, seconds: SECONDS / rounds, warmupSeconds: round === 0 ? 2 : 0.5 }));
    }
  }
  await Promise.all([raw.close(), store.close(), admin.end()]);
  return { raw: combine(results.raw), store: combine(results.store), existing: combine(results.existing) };
}

function sampleMetadata(withHashes: boolean) {
  const commandId = randomUUID();
  const metadata = { actorId: 'agent-1', actorRole: 'agent', commandId, correlationId: commandId, causationId: commandId, policyVersions: { sla: 1 } };
  return withHashes ? { ...metadata, prevHash: '', hash: randomUUID().replace(/-/g, '').repeat(2) } : metadata;
}

function sampleData() {
  return {
    caseId: randomUUID(),
    caseNumber: 'CP-202611-0001',
    kind: 'complaint',
    siteId: 'site-1',
    channel: 'phone',
    category: 'repair_delay',
    severity: 'general',
    market: 'domestic',
    subject: 'Water leaking from the ceiling',
    description: 'Leak in the bathroom ceiling since yesterday',
    complainant: { name: 'v1.sealed', phone: 'v1.sealed' },
    complainantKeyId: randomUUID(),
    receivedAt: new Date().toISOString(),
    firstResponderId: 'agent-1',
    firstResponderDepartmentId: 'front',
    deadlines: { firstReplyBy: new Date().toISOString(), resolutionBy: new Date().toISOString() },
  };
}

const peakRssMb = (pid: number) => {
  const hwm = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return hwm ? Number(hwm[1]) / 1024 : NaN;
};

/**
 * (c) LogComplaint through HTTP against the api process: first with the worker projecting in
 * its own process alongside (the whole system on this machine's 2 cores), then with the api
 * alone, as when the worker runs elsewhere.
 */
async function logComplaintOverHttp(url: string) {
  const port = String(30000 + Math.floor(Math.random() * 20000));
  const api = startProcess('dist/apps/api/src/main.js', { DATABASE_URL: url, PORT: port }, ['--no-worker']);
  const worker = startProcess('dist/apps/worker/src/main.js', { DATABASE_URL: url });
  const base = `http://127.0.0.1:${port}`;
  const http = new Agent({ keepAlive: true, maxSockets: CONCURRENCY });
  try {
    await waitUntilReady(base);
    const admin = signToken(BENCH_SECRET, { sub: 'bench-admin', role: 'admin' }, '1h');
    const post = (path: string, token: string, body: unknown) => call(http, 'POST', `${base}/api/v1${path}`, token, body);
    for (const [path, body] of [
      ['/admin/sites', { id: 'site-1', code: 'S1', name: 'Bench site' }],
      ['/admin/departments', { id: 'front', code: 'FD', name: 'Front desk' }],
      ['/admin/staff', { id: 'agent-1', name: 'Bench agent', departmentId: 'front', role: 'agent', siteIds: ['site-1'] }],
    ] as const) {
      const res = await post(path, admin, body);
      if (res.status >= 300) throw new Error(`seeding ${path}: ${res.status} ${res.body}`);
    }
    const agentToken = signToken(BENCH_SECRET, { sub: 'agent-1', role: 'agent', sites: ['site-1'] }, '1h');
    const body = {
      kind: 'complaint',
      siteId: 'site-1',
      channel: 'phone',
      category: 'repair_delay',
      severity: 'general',
      subject: 'Water leaking from the ceiling',
      description: 'Leak in the bathroom ceiling since yesterday',
      complainant: { name: '张三', phone: '13812345678', unit: '3-1201' },
    };
    let failures = 0;
    const logComplaint = async () => {
      const res = await post('/cases', agentToken, body);
      if (res.status !== 201) failures++;
    };
    const withWorker = await load(logComplaint, { concurrency: CONCURRENCY, seconds: SECONDS });
    const rssMb = peakRssMb(api.pid!);
    const oneCase = await commandsOnOneCase(post, agentToken, body);
    await stop(worker);
    const apiAlone = await load(logComplaint, { concurrency: CONCURRENCY, seconds: SECONDS });
    return { withWorker, apiAlone, oneCase, failures, rssMb };
  } finally {
    http.destroy();
    await Promise.all([stop(api), stop(worker)]);
  }
}

/**
 * (d) 8 clients replying to one case at once, without If-Match, as a busy case's staff would:
 * every reply must be recorded (the commands take turns on the case), none refused.
 */
async function commandsOnOneCase(
  post: (path: string, token: string, body: unknown) => Promise<{ status: number; body: string }>,
  token: string,
  complaint: unknown,
) {
  const logged = await post('/cases', token, complaint);
  const { caseId } = JSON.parse(logged.body) as { caseId: string };
  let refused = 0;
  const figures = await load(
    async (i) => {
      const res = await post(`/cases/${caseId}/replies`, token, { message: `reply ${i}`, channel: 'phone' });
      if (res.status !== 200) refused++;
    },
    { concurrency: 8, seconds: Math.min(SECONDS, 10) },
  );
  return { figures, refused };
}

async function main() {
  const db = await benchDatabase();
  try {
    console.log(`Casebook benchmark: ${CONCURRENCY} concurrent clients, ${SECONDS} s per measurement, on ${new URL(db.url).host}`);
    const { raw, store, existing } = await ceilingAndAppends(db.url);
    const share = (f: Figures) => `${((100 * f.perSecond) / raw.perSecond).toFixed(0)}% of the ceiling`;
    console.log(`(a)  raw single-row INSERT (ceiling):        ${format(raw, 'rows')}`);
    console.log(`(b)  event store append, new stream:         ${format(store, 'appends')}  = ${share(store)}`);
    console.log(`(b2) event store append, existing stream:    ${format(existing, 'appends')}  = ${share(existing)}`);
  } finally {
    await db.drop();
  }
  // A database of its own: the worker projects what the api appends, not a backlog of (b)'s events.
  const app = await benchDatabase();
  try {
    const http = await logComplaintOverHttp(app.url);
    console.log(`(c)  LogComplaint over HTTP, worker in its own process: ${format(http.withWorker, 'requests')}`);
    console.log(`     LogComplaint over HTTP, api alone:                 ${format(http.apiAlone, 'requests')}`);
    console.log(`     failed requests: ${http.failures}; api process peak RSS, worker beside it: ${http.rssMb.toFixed(0)} MB`);
    console.log(`(d)  8 clients replying to one case:         ${format(http.oneCase.figures, 'ok')}; refused: ${http.oneCase.refused}`);

    await benchEsdbAppends(SECONDS);
  } finally {
    await app.drop();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
