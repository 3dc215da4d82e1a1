import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { Module } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { EVENT_STORE, type EventStore } from '@casebook/event-store';
import { allProjections, type Projection } from '@casebook/projections';
import { infrastructure, ProcessingModule, PROJECTIONS, RUNNER_NAMES } from '@casebook/application';
import { ADMIN, AGENT, AUDITOR, Casebook, complaint, seedDirectory } from './support/casebook';

interface ProjectionRow {
  name: string;
  checkpoint: string;
  lagEvents: number;
  lagMs: number;
  status: string;
  error?: string;
  failedEventId?: string;
}

/** Polls GET /admin/projections until `done` holds for the rows (10 s at most). */
async function projectionsWhen(cb: Casebook, done: (rows: ProjectionRow[]) => boolean): Promise<ProjectionRow[]> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const res = await cb.get<ProjectionRow[]>('/admin/projections', ADMIN);
    expect(res.status).toBe(200);
    if (done(res.body) || Date.now() > deadline) return res.body;
    await sleep(50);
  }
}

const caughtUp = (rows: ProjectionRow[]) => rows.every((row) => row.status === 'running' && row.lagEvents === 0);

/** The samples of a Prometheus text exposition: `name{labels}` → value. */
function parseMetrics(text: string): Map<string, number> {
  const samples = new Map<string, number>();
  for (const line of text.split('\n')) {
    if (!line || line.startsWith('#')) continue;
    const at = line.lastIndexOf(' ');
    samples.set(line.slice(0, at), Number(line.slice(at + 1)));
  }
  return samples;
}

describe('GET /admin/projections and GET /metrics, api with its worker', () => {
  let cb: Casebook;
  let caseId: string;
  let loggedAt: string;

  beforeAll(async () => {
    cb = await Casebook.start();
    await seedDirectory(cb);
    const logged = await cb.post('/cases', AGENT, complaint());
    expect(logged.status).toBe(201);
    caseId = logged.body.caseId;
    loggedAt = logged.body.position;
  });

  afterAll(() => cb?.stop());

  it('lists every projection and process manager, caught up: lag 0, running', async () => {
    const rows = await projectionsWhen(cb, caughtUp);
    expect(rows.map((row) => row.name)).toEqual(RUNNER_NAMES);
    expect(RUNNER_NAMES).toEqual(expect.arrayContaining(['directory', 'cases', 'escalation', 'penalty-assessment']));
    for (const row of rows) {
      expect(row).toEqual({ name: row.name, checkpoint: expect.stringMatching(/^[1-9][0-9]*$/), lagEvents: 0, lagMs: 0, status: 'running' });
    }
  });

  it('is for admin and auditor', async () => {
    expect((await cb.get('/admin/projections', AUDITOR)).status).toBe(200);
    const refused = await cb.get('/admin/projections', AGENT);
    expect(refused.status).toBe(403);
    expect((await cb.request('GET', '/admin/projections')).status).toBe(401);
  });

  it('serves Prometheus series at /metrics, at the root and without auth', async () => {
    const refused = await cb.post(`/cases/${caseId}/close`, AGENT, { summary: 'too early' });
    expect(refused.status).toBeGreaterThanOrEqual(400);
    // Read-your-writes: without it the case list may not have the case yet (404).
    expect((await cb.get(`/cases/${caseId}`, AGENT, { 'casebook-min-position': loggedAt })).status).toBe(200);
    const rows = await projectionsWhen(cb, caughtUp);

    const res = await cb.request<string>('GET', '//metrics');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    const metrics = parseMetrics(res.body);

    expect(metrics.get('casebook_http_request_duration_seconds_count{method="POST",route="/api/v1/cases",status="201"}')).toBe(1);
    expect(metrics.get('casebook_http_request_duration_seconds_count{method="GET",route="/api/v1/cases/:id",status="200"}')).toBe(1);
    expect(metrics.get(`casebook_http_request_duration_seconds_count{method="POST",route="/api/v1/cases/:id/close",status="${refused.status}"}`)).toBe(1);
    expect(metrics.get('casebook_http_request_duration_seconds_bucket{le="+Inf",method="POST",route="/api/v1/cases",status="201"}')).toBe(1);
    expect(metrics.get('casebook_commands_total{type="LogComplaint",outcome="ok"}')).toBe(1);
    expect(metrics.get(`casebook_commands_total{type="CloseCase",outcome="${refused.body.code}"}`)).toBe(1);
    expect(metrics.get('casebook_events_appended_total{type="ComplaintLogged"}')).toBe(1);
    // Directory writes are commands too (seedDirectory registered two sites).
    expect(metrics.get('casebook_commands_total{type="RegisterSite",outcome="ok"}')).toBe(2);
    expect(metrics.get('casebook_events_appended_total{type="SiteRegistered"}')).toBe(2);
    expect(metrics.get('casebook_sla_breaches_total{clock="first_reply"}')).toBe(0);
    for (const row of rows) {
      expect(metrics.get(`casebook_projection_checkpoint_position{projection="${row.name}"}`)).toBe(Number(row.checkpoint));
      expect(metrics.get(`casebook_projection_lag_events{projection="${row.name}"}`)).toBe(0);
      expect(metrics.get(`casebook_projection_lag_seconds{projection="${row.name}"}`)).toBe(0);
      expect(metrics.get(`casebook_projection_failed{projection="${row.name}"}`)).toBe(0);
    }
  });
});

describe('a projection failing on an event', () => {
  let cb: Casebook;
  let close: (() => Promise<void>) | undefined;
  let store: EventStore;

  // The penalties projection, failing on a marker event it is made to handle.
  const failing = allProjections('Asia/Shanghai').map((projection): Projection =>
    projection.name !== 'penalties'
      ? projection
      : {
          name: projection.name,
          version: projection.version,
          types: [...projection.types, 'TestMarker'],
          apply: async (events, manager) => {
            if (events.some((event) => event.type === 'TestMarker')) throw new Error('cannot project TestMarker');
            await projection.apply(events, manager);
          },
        },
  );

  beforeAll(async () => {
    cb = await Casebook.start({}, { withWorker: false });
    @Module({ imports: [...infrastructure({ config: cb.config, databaseUrl: cb.config.databaseUrl!, poolSize: 6 }), ProcessingModule] })
    class WorkerAppModule {}
    const worker = await Test.createTestingModule({ imports: [WorkerAppModule] }).overrideProvider(PROJECTIONS).useValue(failing).compile();
    worker.useLogger(false);
    store = worker.get(EVENT_STORE);
    expect((await cb.get<ProjectionRow[]>('/admin/projections', ADMIN)).body.every((row) => row.status === 'not started')).toBe(true);
    await worker.init();
    close = () => worker.close();
  });

  afterAll(async () => {
    await close?.();
    await cb?.stop();
  });

  it('shows it failed, naming the event, while the others keep running; standby once no worker runs', async () => {
    await seedDirectory(cb);
    const eventId = randomUUID();
    await store.append('test-marker', [
      {
        eventId,
        type: 'TestMarker',
        version: 1,
        data: {},
        recordedAt: new Date().toISOString(),
        metadata: { actorId: 'test', actorRole: 'system', commandId: eventId, correlationId: eventId, causationId: eventId },
      },
    ]);
    expect((await cb.post('/cases', AGENT, complaint())).status).toBe(201);

    const rows = await projectionsWhen(
      cb,
      (all) => all.some((row) => row.status === 'failed') && caughtUp(all.filter((row) => row.name !== 'penalties')),
    );
    const penalties = rows.find((row) => row.name === 'penalties')!;
    expect(penalties).toMatchObject({ status: 'failed', failedEventId: eventId, error: expect.stringContaining('cannot project TestMarker') });
    // Stopped just before the marker: the marker and the case logged after it are still ahead.
    expect(penalties.lagEvents).toBeGreaterThanOrEqual(2);
    await sleep(20);
    const later = (await cb.get<ProjectionRow[]>('/admin/projections', ADMIN)).body.find((row) => row.name === 'penalties')!;
    expect(later.lagMs).toBeGreaterThanOrEqual(20); // the marker's age, by the clock
    for (const row of rows.filter((r) => r.name !== 'penalties')) expect(row).toMatchObject({ status: 'running', lagEvents: 0, lagMs: 0 });

    const metrics = parseMetrics((await cb.request<string>('GET', '//metrics')).body);
    expect(metrics.get('casebook_projection_failed{projection="penalties"}')).toBe(1);
    expect(metrics.get('casebook_projection_lag_events{projection="penalties"}')).toBe(penalties.lagEvents);

    await close!();
    close = undefined;
    const after = await projectionsWhen(cb, (all) => all.every((row) => row.status !== 'running'));
    for (const row of after) expect(row.status).toBe(row.name === 'penalties' ? 'failed' : 'standby');
  });
});

describe('POST /admin/projections/{name}/rebuild', () => {
  let cb: Casebook;
  let caseId: string;
  let position: string;

  beforeAll(async () => {
    cb = await Casebook.start();
    await seedDirectory(cb);
    for (let i = 0; i < 3; i++) {
      const logged = await cb.post('/cases', AGENT, complaint());
      expect(logged.status).toBe(201);
      caseId = logged.body.caseId;
      position = logged.body.position;
    }
  });

  afterAll(() => cb?.stop());

  it('rebuilds the projection (202) while its queries keep answering the same', async () => {
    await projectionsWhen(cb, caughtUp);
    const list = async () => {
      const res = await cb.get('/cases', ADMIN, { 'casebook-min-position': position });
      expect(res.status).toBe(200);
      return res.body;
    };
    const detail = async () => {
      const res = await cb.get(`/cases/${caseId}`, ADMIN, { 'casebook-min-position': position });
      expect(res.status).toBe(200);
      return res.body;
    };
    const [listBefore, detailBefore] = [await list(), await detail()];

    expect((await cb.request('POST', '/admin/projections/cases/rebuild', { as: AUDITOR })).status).toBe(403);
    expect((await cb.request('POST', '/admin/projections/nope/rebuild', { as: ADMIN })).status).toBe(404);
    expect((await cb.request('POST', '/admin/projections/escalation/rebuild', { as: ADMIN })).status).toBe(404);
    const accepted = await cb.request('POST', '/admin/projections/cases/rebuild', { as: ADMIN });
    expect(accepted.status).toBe(202);
    expect(accepted.body).toEqual({ name: 'cases', status: 'rebuilding' });

    const statuses = new Set<string>();
    const rows = await projectionsWhen(cb, (current) => {
      statuses.add(current.find((row) => row.name === 'cases')!.status);
      return caughtUp(current);
    });
    // In the meantime, and after, the case queries answer as before.
    expect(await list()).toEqual(listBefore);
    expect(await detail()).toEqual(detailBefore);
    expect(rows.find((row) => row.name === 'cases')).toMatchObject({ status: 'running', lagEvents: 0 });
    expect([...statuses].every((status) => status === 'rebuilding' || status === 'running')).toBe(true);
  });
});
