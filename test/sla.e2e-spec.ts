import { setTimeout as sleep } from 'node:timers/promises';
import { DataSource } from 'typeorm';
import { CLOCK } from '@casebook/platform';
import { CaseCommandService, SlaWatcher } from '@casebook/application';
import { AGENT, Casebook, complaint, seedDirectory, SUPERVISOR, type HistoryEvent, until, type Worker } from './support/casebook';

/**
 * SLA breaches and escalation without anyone touching the case (PRODUCT.md §4, §5), through
 * real HTTP and the real worker: the SLA watcher sends MarkSlaBreached for each clock past due,
 * the escalation process manager escalates one level per breach. Cases are received in the
 * past (receivedAt), so their first-reply clock (receivedAt + 2 h) is due already or shortly.
 */

const HOUR = 3600_000;
const ago = (ms: number) => new Date(Date.now() - ms).toISOString();

async function history(cb: Casebook, caseId: string): Promise<HistoryEvent[]> {
  const res = await cb.get(`/cases/${caseId}/history`, SUPERVISOR);
  expect(res.status).toBe(200);
  return res.body.events;
}

const ofType = (events: HistoryEvent[], type: string) => events.filter((e) => e.type === type);
/** What this file is about; other reactions to a breach (PenaltyAssessed) are left aside. */
const slaEvents = (events: HistoryEvent[]) => events.filter((e) => ['ComplaintLogged', 'SlaBreached', 'CaseEscalated'].includes(e.type));
const slaTypes = (events: HistoryEvent[]) => slaEvents(events).map((e) => e.type);

/** Waits until the case's history has at least `breaches` SlaBreached and `escalations` system CaseEscalated. */
const untilHistory = (cb: Casebook, caseId: string, breaches: number, escalations: number, timeoutMs?: number) =>
  until(
    `${breaches} breaches and ${escalations} escalations of case ${caseId}`,
    async () => {
      const events = await history(cb, caseId);
      const escalated = ofType(events, 'CaseEscalated').filter((e) => e.data.reason.startsWith('sla_breach:'));
      return ofType(events, 'SlaBreached').length >= breaches && escalated.length >= escalations && events;
    },
    timeoutMs,
  );

async function logCase(cb: Casebook, overrides: Record<string, unknown>) {
  const res = await cb.post('/cases', AGENT, complaint(overrides));
  expect({ status: res.status, body: res.body }).toMatchObject({ status: 201 });
  return res.body as { caseId: string; position: string; events: string[] };
}

describe('SLA breach and escalation (e2e)', () => {
  let cb: Casebook;

  beforeAll(async () => {
    cb = await Casebook.start();
    await seedDirectory(cb);
  });
  afterAll(() => cb.stop());

  it('a complaint received 3 h ago with no reply is breached and escalated without anyone touching it', async () => {
    const receivedAt = ago(3 * HOUR);
    const dueAt = new Date(Date.parse(receivedAt) + 2 * HOUR).toISOString();
    const logged = await logCase(cb, { receivedAt });
    const loggedAt = Date.now();
    expect(logged.events).toEqual(['ComplaintLogged']);

    const events = slaEvents(await untilHistory(cb, logged.caseId, 1, 1));
    expect(events.map((e) => e.type)).toEqual(['ComplaintLogged', 'SlaBreached', 'CaseEscalated']);
    const [, breach, escalation] = events;
    expect(breach.data).toEqual({ clock: 'first_reply', dueAt, accountableStaffId: 'agent-1' });
    expect(breach.metadata).toMatchObject({ actorId: 'system', actorRole: 'system' });
    // Past due when it started: breached within 60 s of its start (it takes a few seconds here).
    expect(Date.parse(breach.recordedAt) - loggedAt).toBeLessThan(60_000);

    expect(escalation.data).toEqual({ level: 'supervisor', reason: 'sla_breach:first_reply', escalatedBy: 'system' });
    expect(escalation.metadata).toMatchObject({
      actorId: 'system',
      actorRole: 'system',
      causationId: breach.eventId,
      correlationId: breach.metadata.correlationId,
    });

    const detail = await cb.get(`/cases/${logged.caseId}`, AGENT, { 'casebook-min-position': escalation.position });
    expect(detail.status).toBe(200);
    expect(detail.body.escalationLevel).toBe('supervisor');
    expect(detail.body.sla.find((c: { clock: string }) => c.clock === 'first_reply')).toMatchObject({
      dueAt,
      status: 'breached',
      stoppedAt: null,
      accountableStaffId: 'agent-1',
    });
    // The other clock is not due for 15 days: still running.
    expect(detail.body.sla.find((c: { clock: string }) => c.clock === 'resolution')).toMatchObject({ status: 'running' });
    // Prometheus counts the breach, whichever process recorded it (read from the store's side).
    const breaches = async () => Number(/^casebook_sla_breaches_total\{clock="first_reply"\} (\d+)$/m.exec((await cb.request<string>('GET', '//metrics')).body)?.[1]);
    expect(await until('the breach in /metrics', async () => (await breaches()) >= 1 && breaches())).toBe(1);

    // Manual escalation keeps working beside it: above the current level only.
    const manual = await cb.post(`/cases/${logged.caseId}/escalations`, AGENT, { level: 'manager', reason: 'customer called again' });
    expect(manual.status).toBe(200);
    const same = await cb.post(`/cases/${logged.caseId}/escalations`, AGENT, { level: 'manager', reason: 'again' });
    expect(same.body).toMatchObject({ status: 409, code: 'PRECONDITION_NOT_MET' });
    const after = await cb.get(`/cases/${logged.caseId}`, AGENT, { 'casebook-min-position': manual.body.position });
    expect(after.body.escalationLevel).toBe('manager');
    expect(ofType(await history(cb, logged.caseId), 'CaseEscalated').map((e) => [e.data.level, e.data.reason])).toEqual([
      ['supervisor', 'sla_breach:first_reply'],
      ['manager', 'manual'],
    ]);
  });

  it('a major complaint (at manager from its logging) escalates to gm on a breach, and no further on the next', async () => {
    const major = await logCase(cb, { severity: 'major', receivedAt: ago(3 * HOUR) });
    expect(major.events).toEqual(['ComplaintLogged', 'CaseEscalated']);

    const events = slaEvents(await untilHistory(cb, major.caseId, 1, 1));
    expect(events.map((e) => [e.type, e.data.level ?? e.data.clock])).toEqual([
      ['ComplaintLogged', undefined],
      ['CaseEscalated', 'manager'],
      ['SlaBreached', 'first_reply'],
      ['CaseEscalated', 'gm'],
    ]);
    expect(events[3].data.reason).toBe('sla_breach:first_reply');
    expect(events[3].metadata.causationId).toBe(events[2].eventId);

    // A reply promising the next one in 2 s starts a promised_reply clock that is breached in turn.
    const reply = await cb.post(`/cases/${major.caseId}/replies`, AGENT, {
      message: 'An engineer is on the way',
      channel: 'phone',
      nextReplyBy: new Date(Date.now() + 2000).toISOString(),
    });
    expect(reply.status).toBe(200);
    const withSecond = await untilHistory(cb, major.caseId, 2, 1);
    const second = ofType(withSecond, 'SlaBreached')[1];
    expect(second.data).toMatchObject({ clock: 'promised_reply', accountableStaffId: 'agent-1' });
    // Within seconds of the due time, not minutes.
    expect(Date.parse(second.recordedAt) - Date.parse(second.data.dueAt)).toBeLessThan(10_000);

    // The process manager handles breaches in order: once a later breach of another case is
    // escalated, this one has been handled, and at gm it escalated nothing.
    const later = await logCase(cb, { receivedAt: ago(3 * HOUR) });
    const laterEvents = await untilHistory(cb, later.caseId, 1, 1);
    expect(BigInt(ofType(laterEvents, 'SlaBreached')[0].position)).toBeGreaterThan(BigInt(second.position));

    const final = await history(cb, major.caseId);
    expect(ofType(final, 'CaseEscalated').map((e) => e.data.level)).toEqual(['manager', 'gm']);
    const detail = await cb.get(`/cases/${major.caseId}`, AGENT, { 'casebook-min-position': final[final.length - 1].position });
    expect(detail.body.escalationLevel).toBe('gm');
    expect(detail.body.sla.filter((c: { status: string }) => c.status === 'breached').map((c: { clock: string }) => c.clock)).toEqual([
      'first_reply',
      'promised_reply',
    ]);
  });

  it('a clock met in time is not breached', async () => {
    const receivedAt = ago(2 * HOUR - 2000); // due in 2 s
    const logged = await logCase(cb, { receivedAt });
    const reply = await cb.post(`/cases/${logged.caseId}/replies`, AGENT, { message: 'Noted', channel: 'phone' });
    expect(reply.status).toBe(200);
    await until('the due time to pass', async () => Date.now() > Date.parse(receivedAt) + 2 * HOUR + 500);
    // Meanwhile another case breaches, so the watcher has swept past this one's due time.
    const other = await logCase(cb, { receivedAt: ago(3 * HOUR) });
    await untilHistory(cb, other.caseId, 1, 1);
    expect((await history(cb, logged.caseId)).map((e) => e.type)).toEqual(['ComplaintLogged', 'ComplainantReplied']);
  });
});

describe('SLA watcher across worker restarts and beside other workers (e2e)', () => {
  let cb: Casebook;

  beforeAll(async () => {
    // The api alone; each test starts and stops workers of their own beside it.
    cb = await Casebook.start({}, { withWorker: false });
    const seeding = await cb.startWorker();
    await seedDirectory(cb);
    await seeding.stop();
  });
  afterAll(() => cb.stop());

  it('a worker stopped across a due time breaches the clock once, right after it starts again', async () => {
    let worker = await cb.startWorker();
    // Due in 4 s: the running worker projects the clock, then stops before it falls due.
    const receivedAt = ago(2 * HOUR - 4000);
    const dueAt = new Date(Date.parse(receivedAt) + 2 * HOUR).toISOString();
    const logged = await logCase(cb, { receivedAt });
    const projected = await cb.get(`/cases/${logged.caseId}`, AGENT, { 'casebook-min-position': logged.position });
    expect(projected.body.sla.find((c: { clock: string }) => c.clock === 'first_reply')).toMatchObject({ dueAt, status: 'running' });
    await worker.stop();

    // While no worker runs: a case logged already past due, and the first one's due time passes.
    const whileDown = await logCase(cb, { receivedAt: ago(3 * HOUR) });
    await until('the due time to pass', async () => Date.now() > Date.parse(dueAt) + 3000);
    expect(slaTypes(await history(cb, logged.caseId))).toEqual(['ComplaintLogged']);
    expect(slaTypes(await history(cb, whileDown.caseId))).toEqual(['ComplaintLogged']);

    const restartedAt = Date.now();
    worker = await cb.startWorker();
    for (const caseId of [logged.caseId, whileDown.caseId]) {
      const events = await untilHistory(cb, caseId, 1, 1);
      const [breach] = ofType(events, 'SlaBreached');
      expect(Date.parse(breach.recordedAt) - restartedAt).toBeLessThan(60_000);
    }
    const events = await history(cb, logged.caseId);
    // Keeping its original due time.
    expect(ofType(events, 'SlaBreached').map((e) => e.data)).toEqual([{ clock: 'first_reply', dueAt, accountableStaffId: 'agent-1' }]);

    // Another restart changes nothing: the clock is no longer running, the escalation is not repeated.
    await worker.stop();
    worker = await cb.startWorker();
    const marker = await logCase(cb, { receivedAt: ago(3 * HOUR) });
    await untilHistory(cb, marker.caseId, 1, 1);
    for (const caseId of [logged.caseId, whileDown.caseId]) {
      expect(slaTypes(await history(cb, caseId))).toEqual(['ComplaintLogged', 'SlaBreached', 'CaseEscalated']);
    }
    await worker.stop();
  });

  /** Logs `n` complaints received 3 h ago and more, one after another. */
  async function logCases(n: number) {
    const logged = [];
    for (let i = 0; i < n; i++) logged.push(await logCase(cb, { receivedAt: ago(3 * HOUR + i * 1000) }));
    return logged;
  }

  /** Every case: exactly one SlaBreached (first_reply) and one CaseEscalated caused by it. */
  async function expectEachOnce(caseIds: string[]) {
    for (const caseId of caseIds) {
      const events = slaEvents(await untilHistory(cb, caseId, 1, 1));
      expect(events.map((e) => e.type)).toEqual(['ComplaintLogged', 'SlaBreached', 'CaseEscalated']);
      expect(events[2].metadata.causationId).toBe(events[1].eventId);
    }
  }

  it('two workers whose watchers race over the same clocks never record a breach or an escalation twice', async () => {
    const options = { exclusive: false, intervalMs: 500 };
    const workers: Worker[] = [await cb.startWorker(options), await cb.startWorker(options)];
    // And two more watchers sweeping at the very same moment, on the workers' connections.
    const racers = workers.map(
      (w) =>
        new SlaWatcher(
          { dataSource: w.app.get(DataSource), commands: w.app.get(CaseCommandService), clock: w.app.get(CLOCK) },
          { exclusive: false, concurrency: 4 },
        ),
    );
    const logged = await logCases(30);
    const last = logged.map((l) => BigInt(l.position)).reduce((a, b) => (a > b ? a : b));
    await cb.get(`/cases/${logged[0].caseId}`, AGENT, { 'casebook-min-position': last.toString() });
    const sweeps = await Promise.all(racers.map((r) => r.sweep()));
    expect(sweeps.reduce((n, s) => n + s.breach.failed, 0)).toBe(0);

    await expectEachOnce(logged.map((l) => l.caseId));
    // Give the watchers a few more rounds: still once each.
    await sleep(1500);
    await expectEachOnce(logged.map((l) => l.caseId));
    for (const w of workers) await w.stop();
  });

  it('two workers, one stopped in the middle: the other takes over, and each clock is breached once', async () => {
    const workers: Worker[] = [await cb.startWorker(), await cb.startWorker()];
    const logged = await logCases(40);
    // The worker whose watcher holds the lock stops while it is at work.
    const sweeping = await until('a watcher to hold the lock', async () =>
      workers.find((w) => w.app.get(SlaWatcher).state === 'sweeping'),
    );
    const other = workers.find((w) => w !== sweeping)!;
    expect(other.app.get(SlaWatcher).state).toBe('standby');
    await sweeping.stop();

    await expectEachOnce(logged.map((l) => l.caseId));
    await other.stop();
  });
});
