import { setTimeout as sleep } from 'node:timers/promises';
import { EsdbTestServer } from '../libs/event-store/src/esdb/testing/esdb-test-server';
import { ADMIN, AGENT, Casebook, complaint, MANAGER, seedDirectory, type Response } from './support/casebook';

/**
 * EventStoreDB stopping under a running Casebook (api + worker) and coming back with the same
 * data on the same port, as a node does after a crash: while it is gone, what needs the store
 * answers 503 UNAVAILABLE and what reads PostgreSQL still answers; once it is back, the
 * projections, whose subscriptions dropped while they were taking cases in, go on from where
 * they were, and every read model shows every case once. Always on a test server of its own,
 * since it stops it.
 */
describe('EventStoreDB outage under a running Casebook (e2e)', () => {
  const server = new EsdbTestServer();
  let cb: Casebook;

  beforeAll(async () => {
    await server.start();
    cb = await Casebook.start({ CASEBOOK_EVENT_STORE: 'esdb', EVENTSTORE_CONNECTION_STRING: server.connectionString });
    await seedDirectory(cb);
  });
  afterAll(async () => {
    await cb.stop();
    await server.stop();
  });

  const logCases = (count: number) => Promise.all(Array.from({ length: count }, () => cb.post('/cases', AGENT, complaint())));
  const caseIds = (responses: Response[]) => responses.map((res) => res.body.caseId as string);

  /** Polls GET `path` until `done(body)`, then returns the last body (asserted by the caller). */
  async function when(path: string, done: (body: any) => boolean, timeoutMs = 30_000) {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const res = await cb.get(path, ADMIN);
      if ((res.status === 200 && done(res.body)) || Date.now() > deadline) return res.body;
      await sleep(200);
    }
  }

  it('answers 503 while the server is gone; after, the projections resume: every case once in every read model', async () => {
    const before = await logCases(20);
    expect(before.map((res) => res.status)).toEqual(Array(20).fill(201));
    // At once: the projections are still taking these cases in.
    await server.stop();

    const refused = await cb.post('/cases', AGENT, complaint(), { 'idempotency-key': 'logged-during-the-outage' });
    expect(refused.status).toBe(503);
    expect(refused.headers.get('retry-after')).toBe('1');
    expect(refused.body).toMatchObject({ code: 'UNAVAILABLE', detail: 'the event store cannot be reached: try again shortly' });
    expect((await cb.get(`/cases/${before[0].body.caseId}/history`, AGENT)).status).toBe(503);
    const ready = await cb.request('GET', '//health/ready');
    expect({ status: ready.status, code: ready.body.code }).toEqual({ status: 503, code: 'UNAVAILABLE' });
    expect((await cb.get(`/cases/${before[0].body.caseId}`, AGENT)).status).toBe(200);
    // Long enough for the subscriptions to fail to come back a few times.
    await sleep(1000);

    await server.start();
    // The refused request, sent again with its key, now lands; and more cases come in.
    const retried = await cb.post('/cases', AGENT, complaint(), { 'idempotency-key': 'logged-during-the-outage' });
    expect(retried.status).toBe(201);
    const after = await logCases(10);
    expect(after.map((res) => res.status)).toEqual(Array(10).fill(201));
    const all = caseIds([...before, retried, ...after]);

    const projections = await when('/admin/projections', (rows: { lagEvents: number }[]) => rows.every((row) => row.lagEvents === 0));
    expect(projections.filter((row: { status: string; lagEvents: number }) => row.status !== 'running' || row.lagEvents !== 0)).toEqual([]);
    // The case list (cases), and the dashboard's counters (cases, and the reports' day counters):
    // a case lost or applied twice would show in either.
    const listed = await when('/cases?limit=200', (body) => body.items.length >= all.length);
    expect(listed.items.map((item: { caseId: string }) => item.caseId).sort()).toEqual([...all].sort());
    const overview = (await cb.get('/dashboard/overview', MANAGER)).body;
    expect(overview).toMatchObject({ openByStatus: { received: all.length }, received: { last7d: all.length, last30d: all.length } });
    expect((await cb.request('GET', '//health/ready')).status).toBe(200);
  }, 60_000);
});
