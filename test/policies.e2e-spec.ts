import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { PostgresEventStore } from '@casebook/event-store';
import {
  ADMIN,
  AGENT,
  as,
  AUDITOR,
  Casebook,
  complaint,
  ENGINEER,
  MANAGER,
  seedDirectory,
  SUPERVISOR,
  type Caller,
  type Response,
} from './support/casebook';

/**
 * Versioned policies (PRODUCT.md §12, API.md "Directory (admin)"): the defaults as version 1,
 * an admin PUT recording the next version, the refusals, and that every decision uses the
 * policy in force when it was made and names its version, so past deadlines stay as decided.
 *
 * The clock starts on the eve of the 2026 National Day holiday (Oct 1–7; Sat Oct 10 is an
 * adjusted working day), so working-day deadlines are known dates.
 */
describe('policies (e2e)', () => {
  const CLOCK_START = '2026-09-30T10:00:00+08:00'; // 2026-09-30T02:00:00.000Z
  let cb: Casebook;
  let position = '0';

  beforeAll(async () => {
    cb = await Casebook.start({ CASEBOOK_CLOCK_START: CLOCK_START });
    await seedDirectory(cb);
  });
  afterAll(() => cb.stop());

  // The documents of PRODUCT.md §12, written out here rather than taken from the code.
  const SLA_V1 = {
    firstReplyHours: 2,
    invalidReplyHours: 2,
    investigationDays: 3,
    rectificationWorkingDays: { major: 1, general: 3, repair: 3, service_request: 3 },
    returnVisit: { majorDays: 7, generalDays: 14, repairWorkingDays: 2 },
    resolutionDays: { domestic: 15, overseas: 20 },
    reworkWorkingDays: { major: 1, general: 3 },
    warnAtFraction: 0.8,
    maxPauseDays: 10,
    extension: { supervisorMaxWorkingDays: 3, maxPerClock: 2 },
  };
  const PENALTY_V1 = {
    amountPerPoint: '100.00',
    objectionWorkingDays: 3,
    noticeApprover: 'gm',
    rules: {
      VALID_MAJOR: { department: '-10', staff: '-4' },
      VALID_GENERAL: { department: '-3', staff: '-2' },
      SLA_BREACH: { staff: '-1' },
      SHIRKING: { staff: '-3' },
      REOPENED: { staff: '-1' },
    },
  };
  const APPROVAL_V1 = {
    tiers: [
      { upTo: '1000.00', role: 'supervisor' },
      { upTo: '10000.00', role: 'manager' },
      { upTo: '50000.00', role: 'deputy_gm' },
      { upTo: null, role: 'gm' },
    ],
  };

  const put = (path: string, body: unknown, who: Caller = ADMIN, headers?: Record<string, string>) =>
    cb.request('PUT', path, { as: who, body, headers });
  function expectProblem(res: Response, status: number, code: string) {
    expect({ status: res.status, code: res.body?.code }).toEqual({ status, code });
    expect(res.headers.get('content-type')).toContain('application/problem+json');
    return res.body;
  }
  const errorPaths = (res: Response) => {
    expectProblem(res, 400, 'VALIDATION_FAILED');
    return (res.body.errors as { path: string }[]).map((e) => e.path);
  };
  async function command(path: string, who: Caller, body: unknown) {
    const res = await cb.post(path, who, body);
    expect({ path, status: res.status, body: res.body }).toMatchObject({ status: path === '/cases' ? 201 : 200 });
    if (BigInt(res.body.position) > BigInt(position)) position = res.body.position;
    return res.body;
  }
  /** Logs a general complaint received at the clock's start and assigns it; answers its events. */
  async function logAndAssign(subject: string) {
    const { caseId } = await command('/cases', AGENT, complaint({ subject, receivedAt: CLOCK_START }));
    await command(`/cases/${caseId}/assignment`, SUPERVISOR, { departmentId: 'eng', assigneeId: 'eng-1' });
    return eventsOf(caseId);
  }
  async function eventsOf(caseId: string) {
    const history = await cb.get(`/cases/${caseId}/history`, AGENT);
    expect(history.status).toBe(200);
    const events = history.body.events as { type: string; data: Record<string, any>; metadata: Record<string, any> }[];
    return { logged: events.find((e) => e.type === 'ComplaintLogged')!, assigned: events.find((e) => e.type === 'ResponsibilityAssigned')! };
  }

  describe('reading', () => {
    it('answers version 1, the documents of PRODUCT.md §12, to every role', async () => {
      for (const who of [ADMIN, AGENT, SUPERVISOR, ENGINEER, MANAGER, AUDITOR, as('nobody', 'integration')]) {
        expect(await cb.get('/admin/policies/sla', who)).toMatchObject({ status: 200, body: { version: 1, policy: SLA_V1 } });
      }
      expect((await cb.get('/admin/policies/sla', AGENT)).body).toEqual({ version: 1, policy: SLA_V1 });
      expect((await cb.get('/admin/policies/penalty', AGENT)).body).toEqual({ version: 1, policy: PENALTY_V1 });
      expect((await cb.get('/admin/policies/approval', AGENT)).body).toEqual({ version: 1, policy: APPROVAL_V1 });
      expect((await cb.get('/admin/calendar/overrides', AGENT)).body).toEqual({ version: 1, policy: [] });
    });

    it('is 404 for a policy it does not know, and 401 without a token', async () => {
      for (const path of ['/admin/policies/holidays', '/admin/policies/calendar', '/admin/policies/SLA']) {
        expectProblem(await cb.get(path, ADMIN), 404, 'NOT_FOUND');
        expectProblem(await put(path, SLA_V1), 404, 'NOT_FOUND');
      }
      expectProblem(await cb.request('GET', '/admin/policies/sla'), 401, 'UNAUTHENTICATED');
      expectProblem(await cb.request('PUT', '/admin/policies/sla', { body: SLA_V1 }), 401, 'UNAUTHENTICATED');
    });
  });

  describe('refusals', () => {
    it('lets only admin change a policy (403 FORBIDDEN), recording nothing', async () => {
      for (const who of [AGENT, SUPERVISOR, MANAGER, as('gm-1', 'gm'), AUDITOR]) {
        expectProblem(await put('/admin/policies/approval', APPROVAL_V1, who), 403, 'FORBIDDEN');
        expectProblem(await put('/admin/calendar/overrides', [], who), 403, 'FORBIDDEN');
      }
      expect((await cb.get('/admin/policies/approval', AGENT)).body.version).toBe(1);
      expect((await cb.get('/admin/calendar/overrides', AGENT)).body.version).toBe(1);
    });

    it('refuses a bad document with 400 VALIDATION_FAILED, one error per field with its dotted path', async () => {
      expect(
        errorPaths(
          await put('/admin/policies/sla', {
            ...SLA_V1,
            firstReplyHours: 0,
            rectificationWorkingDays: { ...SLA_V1.rectificationWorkingDays, major: 1.5 },
            resolutionDays: { domestic: 15 },
            escalateAfterHours: 4,
          }),
        ),
      ).toEqual(['escalateAfterHours', 'firstReplyHours', 'rectificationWorkingDays.major', 'resolutionDays.overseas']);
      expect(errorPaths(await put('/admin/policies/penalty', { ...PENALTY_V1, amountPerPoint: '0' }))).toEqual(['amountPerPoint']);
      expect(
        errorPaths(await put('/admin/policies/penalty', { ...PENALTY_V1, rules: { ...PENALTY_V1.rules, SHIRKING: { staff: -3 } } })),
      ).toEqual(['rules.SHIRKING.staff']);
      expect(
        errorPaths(
          await put('/admin/policies/approval', {
            tiers: [
              { upTo: '1000.00', role: 'supervisor' },
              { upTo: '500.00', role: 'manager' },
              { upTo: null, role: 'agent' },
            ],
          }),
        ),
      ).toEqual(['tiers.1.upTo', 'tiers.2.role']);
      expect(errorPaths(await put('/admin/policies/approval', { tiers: [{ upTo: '1000.00', role: 'supervisor' }] }))).toEqual(['tiers.0.upTo']);
      expect(
        errorPaths(
          await put('/admin/calendar/overrides', [
            { date: '2026-02-30', workday: true },
            { date: '2026-12-31', workday: 'yes' },
            { date: '2027-01-04', workday: true, note: 'x' },
            { date: '2026-12-31', workday: false },
          ]),
        ),
      ).toEqual(['0.date', '1.workday', '2.note', '3.date']);
      expect(errorPaths(await put('/admin/calendar/overrides', { date: '2026-12-31', workday: true }))).toEqual(['']);
      expect(errorPaths(await put('/admin/policies/sla', [SLA_V1]))).toEqual(['']);
      // A malformed If-Match is refused rather than ignored.
      expect(errorPaths(await put('/admin/policies/sla', SLA_V1, ADMIN, { 'if-match': 'latest' }))).toEqual(['If-Match']);

      // API.md's order: a bad body is 400 before the role's 403.
      expectProblem(await put('/admin/policies/sla', { ...SLA_V1, firstReplyHours: -1 }, AGENT), 400, 'VALIDATION_FAILED');

      for (const name of ['sla', 'penalty', 'approval']) expect((await cb.get(`/admin/policies/${name}`, AGENT)).body.version).toBe(1);
      expect((await cb.get('/admin/calendar/overrides', AGENT)).body).toEqual({ version: 1, policy: [] });
    });
  });

  describe('changing', () => {
    it('a PUT answers the next version and GET returns it; If-Match guards against a lost update', async () => {
      const v2 = { tiers: [{ upTo: '2000.00', role: 'supervisor' }, { upTo: '20000.00', role: 'manager' }, { upTo: null, role: 'gm' }] };
      expect(await put('/admin/policies/approval', v2)).toMatchObject({ status: 200, body: { version: 2, policy: v2 } });
      expect((await cb.get('/admin/policies/approval', AGENT)).body).toEqual({ version: 2, policy: v2 });

      // Made on version 2 while it is current: accepted; on version 2 again: 412, nothing recorded.
      expect((await put('/admin/policies/approval', APPROVAL_V1, ADMIN, { 'if-match': '"2"' })).body).toEqual({ version: 3, policy: APPROVAL_V1 });
      expectProblem(await put('/admin/policies/approval', v2, ADMIN, { 'if-match': '"2"' }), 412, 'CONCURRENCY_CONFLICT');
      expect((await cb.get('/admin/policies/approval', AGENT)).body).toEqual({ version: 3, policy: APPROVAL_V1 });

      // The penalty policy keeps its own versions.
      const penalty = { ...PENALTY_V1, amountPerPoint: '50.00' };
      expect((await put('/admin/policies/penalty', penalty)).body).toEqual({ version: 2, policy: penalty });
      expect((await cb.get('/admin/policies/penalty', AGENT)).body).toEqual({ version: 2, policy: penalty });
      expect((await put('/admin/policies/penalty', PENALTY_V1)).body).toEqual({ version: 3, policy: PENALTY_V1 });
    });

    it('a settlement proposed after an approval change is routed by the new tiers and names the version', async () => {
      const { logged } = await logAndAssign('Settlement under approval v4');
      const caseId = logged.data.caseId;
      const proposedEvent = async () =>
        ((await cb.get(`/cases/${caseId}/history`, AGENT)).body.events as any[]).filter((e) => e.type === 'SettlementProposed').pop();

      // Approval v3 is the default document again: 1500.00 needs a manager.
      await command(`/cases/${caseId}/settlement`, SUPERVISOR, { type: 'compensation', amount: '1500.00', description: 'refund' });
      expect(await proposedEvent()).toMatchObject({ data: { requiredRole: 'manager' }, metadata: { policyVersions: { approval: 3 } } });
      await command(`/cases/${caseId}/settlement/decision`, MANAGER, { decision: 'reject' });

      // Approval v4 lets a supervisor approve up to 2000.00.
      const v4 = { tiers: [{ upTo: '2000.00', role: 'supervisor' }, { upTo: null, role: 'gm' }] };
      expect((await put('/admin/policies/approval', v4)).body).toEqual({ version: 4, policy: v4 });
      await command(`/cases/${caseId}/settlement`, SUPERVISOR, { type: 'compensation', amount: '1500.00', description: 'refund' });
      expect(await proposedEvent()).toMatchObject({ data: { requiredRole: 'supervisor' }, metadata: { policyVersions: { approval: 4 } } });
    });
  });

  describe('reproducibility', () => {
    // Received Wed Sep 30 10:00 Shanghai; Oct 1–7 is the National Day holiday, Sat Oct 10 a working day.
    const RECEIVED = '2026-09-30T02:00:00.000Z';

    it('keeps each case’s deadlines as decided with the policy in force then, naming its versions', async () => {
      // Case 1, with SLA v1: first reply + 2 h; rectification + 3 working days (Oct 8, 9, 10).
      const first = await logAndAssign('Decided with SLA v1');
      expect(first.logged.data.receivedAt).toBe(RECEIVED);
      expect(first.logged.data.deadlines).toEqual({ firstReplyBy: '2026-09-30T04:00:00.000Z', resolutionBy: '2026-10-15T02:00:00.000Z' });
      expect(first.assigned.data.rectificationBy).toBe('2026-10-10T02:00:00.000Z');
      expect(first.logged.metadata.policyVersions).toEqual({ sla: 1 });
      expect(first.assigned.metadata.policyVersions).toEqual({ sla: 1, calendar: 1 });

      // SLA v2: first reply 2 → 4 h, general rectification 3 → 5 working days.
      const slaV2 = { ...SLA_V1, firstReplyHours: 4, rectificationWorkingDays: { ...SLA_V1.rectificationWorkingDays, general: 5 } };
      expect((await put('/admin/policies/sla', slaV2)).body).toEqual({ version: 2, policy: slaV2 });

      // Case 2, logged right after the PUT returned: SLA v2 (Oct 8, 9, 10, 12, 13).
      const second = await logAndAssign('Decided with SLA v2');
      expect(second.logged.data.deadlines).toEqual({ firstReplyBy: '2026-09-30T06:00:00.000Z', resolutionBy: '2026-10-15T02:00:00.000Z' });
      expect(second.assigned.data.rectificationBy).toBe('2026-10-13T02:00:00.000Z');
      expect(second.logged.metadata.policyVersions).toEqual({ sla: 2 });
      expect(second.assigned.metadata.policyVersions).toEqual({ sla: 2, calendar: 1 });

      // Case 1 is as it was decided: its events keep SLA v1's deadlines and name version 1.
      expect(await eventsOf(first.logged.data.caseId)).toEqual(first);

      // Calendar v2: Mon Oct 12 becomes a holiday, so 5 working days run to Wed Oct 14.
      const overrides = [{ date: '2026-10-12', workday: false }];
      expect((await put('/admin/calendar/overrides', overrides)).body).toEqual({ version: 2, policy: overrides });
      expect((await cb.get('/admin/calendar/overrides', AUDITOR)).body).toEqual({ version: 2, policy: overrides });

      const third = await logAndAssign('Decided with calendar v2');
      expect(third.assigned.data.rectificationBy).toBe('2026-10-14T02:00:00.000Z');
      expect(third.logged.metadata.policyVersions).toEqual({ sla: 2 });
      expect(third.assigned.metadata.policyVersions).toEqual({ sla: 2, calendar: 2 });

      // The earlier cases keep their deadlines.
      expect(await eventsOf(first.logged.data.caseId)).toEqual(first);
      expect(await eventsOf(second.logged.data.caseId)).toEqual(second);

      // The case read model shows the deadlines from the events.
      const detail = await cb.get(`/cases/${third.logged.data.caseId}`, AGENT, { 'casebook-min-position': position });
      const rectification = detail.body.sla.find((c: { clock: string }) => c.clock === 'rectification');
      expect(rectification.dueAt).toBe('2026-10-14T02:00:00.000Z');
    });
  });

  describe('the supervision line’s fields (PRODUCT.md §12, §13)', () => {
    it('are refused when bad, accepted with the rest of the document, and shown', async () => {
      const { policy } = (await cb.get('/admin/policies/sla', AGENT)).body;
      const bad = { ...policy, reworkWorkingDays: { major: 1 }, warnAtFraction: 1, maxPauseDays: 0, extension: { supervisorMaxWorkingDays: 3, maxPerClock: 0 } };
      expect(errorPaths(await put('/admin/policies/sla', bad)).sort()).toEqual(['extension.maxPerClock', 'maxPauseDays', 'reworkWorkingDays.general', 'warnAtFraction']);
      expect(errorPaths(await put('/admin/policies/penalty', { ...PENALTY_V1, objectionWorkingDays: 0, noticeApprover: 'agent' })).sort()).toEqual([
        'noticeApprover',
        'objectionWorkingDays',
      ]);

      const changed = { ...policy, reworkWorkingDays: { major: 2, general: 4 }, warnAtFraction: 0.9, maxPauseDays: 5, extension: { supervisorMaxWorkingDays: 2, maxPerClock: 1 } };
      const res = await put('/admin/policies/sla', changed);
      expect(res.body).toEqual({ version: 3, policy: changed });
      expect((await cb.get('/admin/policies/sla', SUPERVISOR)).body).toEqual({ version: 3, policy: changed });
    });

    it('a version stored before them reads, and decides, with their defaults', async () => {
      // Version 4 as an SLA document stored before the supervision line: no rework, warning, pause or extension fields.
      const { reworkWorkingDays, warnAtFraction, maxPauseDays, extension, ...before } = SLA_V1;
      const store = new PostgresEventStore({ connectionString: cb.config.databaseUrl! });
      try {
        const commandId = randomUUID();
        await store.append(
          'policy-sla',
          [
            {
              eventId: randomUUID(),
              type: 'PolicyChanged',
              version: 1,
              data: { policy: 'sla', version: 4, body: { ...before, firstReplyHours: 3 }, changedBy: 'admin' },
              metadata: { actorId: 'admin', actorRole: 'admin', commandId, correlationId: commandId, causationId: commandId },
              recordedAt: new Date().toISOString(),
            },
          ],
          { expectedRevision: 1n },
        );
      } finally {
        await store.close();
      }
      const expected = { version: 4, policy: { ...before, firstReplyHours: 3, reworkWorkingDays, warnAtFraction, maxPauseDays, extension } };
      const deadline = Date.now() + 10_000;
      while ((await cb.get('/admin/policies/sla', AGENT)).body.version !== 4 && Date.now() < deadline) await sleep(100);
      expect((await cb.get('/admin/policies/sla', AGENT)).body).toEqual(expected);

      // A pause without resumeAt resumes by itself after the default 10 days' allowance.
      const { logged } = await logAndAssign('Paused under SLA v4');
      await command(`/cases/${logged.data.caseId}/clocks/rectification/pause`, SUPERVISOR, { reason: 'awaiting_customer' });
      const history = (await cb.get(`/cases/${logged.data.caseId}/history`, AGENT)).body.events as { type: string; recordedAt: string; data: any; metadata: any }[];
      const paused = history.find((e) => e.type === 'ClockPaused')!;
      expect(Date.parse(paused.data.resumeAt) - Date.parse(paused.recordedAt)).toBe(10 * 24 * 3600_000);
      expect(paused.metadata.policyVersions).toEqual({ sla: 4 });
    });
  });
});
