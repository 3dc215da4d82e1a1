import { setTimeout as sleep } from 'node:timers/promises';
import {
  AGENT,
  as,
  Casebook,
  complaint,
  ENGINEER,
  MANAGER,
  QUALITY,
  seedDirectory,
  SECURITY,
  SUPERVISOR,
  type Caller,
  type HistoryEvent,
  type Response,
  until,
  type Worker,
} from './support/casebook';

/**
 * The supervision line (PRODUCT.md §13) through real HTTP and real workers: rework and closing
 * with accepted dissatisfaction, pauses (by hand and resumed by the system), extensions within a
 * supervisor's authority and beyond it, the 80% warning, urgings and notices. The api runs alone;
 * a worker of its own beside it (restarted where a test says so). The clock starts on Monday
 * 2026-11-16 10:00 in Shanghai, so a general complaint received now has its rectification due on
 * Thursday 2026-11-19 at the same time (3 working days).
 */

const CLOCK_START = '2026-11-16T10:00:00+08:00';
const SECOND = 1000;
const HOUR = 3600 * SECOND;
const DAY = 24 * HOUR;

describe('the supervision line (e2e)', () => {
  let cb: Casebook;
  let worker: Worker;
  /** The service clock's now minus the real one, measured on a case logged "now". */
  let offset: number;
  const serverNow = () => Date.now() + offset;
  const iso = (ms: number) => new Date(ms).toISOString();
  let position = '0';

  beforeAll(async () => {
    cb = await Casebook.start({ CASEBOOK_CLOCK_START: CLOCK_START }, { withWorker: false });
    worker = await cb.startWorker();
    await seedDirectory(cb);
    const probe = await cb.post('/cases', AGENT, complaint({ subject: 'What time is it?' }));
    const detail = await cb.get(`/cases/${probe.body.caseId}`, AGENT, { 'casebook-min-position': probe.body.position });
    offset = Date.parse(detail.body.receivedAt) - Date.now();
  }, 60_000);
  afterAll(() => cb.stop());

  async function command(path: string, who: Caller, body: unknown, status = 200) {
    const res = await cb.post(path, who, body);
    expect({ path, status: res.status, body: res.body }).toMatchObject({ status });
    if (res.body?.position && BigInt(res.body.position) > BigInt(position)) position = res.body.position;
    return res.body;
  }
  function expectProblem(res: Response, status: number, code: string) {
    expect({ status: res.status, code: res.body?.code }).toEqual({ status, code });
    return res.body;
  }
  const detail = async (caseId: string) => {
    const res = await cb.get(`/cases/${caseId}`, SUPERVISOR, { 'casebook-min-position': position });
    expect(res.status).toBe(200);
    return res.body;
  };
  const clocksOf = (c: { sla: { clock: string }[] }, clock: string) => c.sla.filter((s) => s.clock === clock) as Record<string, any>[];
  const history = async (caseId: string): Promise<HistoryEvent[]> => (await cb.get(`/cases/${caseId}/history`, SUPERVISOR)).body.events;
  const ofType = (events: HistoryEvent[], type: string) => events.filter((e) => e.type === type);
  /** Within a minute: the worker's reactions come within 60 s of their time. */
  const untilEvent = (caseId: string, type: string, where: (e: HistoryEvent) => boolean = () => true) =>
    until(`${type} on case ${caseId}`, async () => ofType(await history(caseId), type).find(where), 60 * SECOND);

  /** A general complaint received at `receivedAt` (default now), validated and assigned to eng-1. */
  async function assignedCase(subject: string, receivedAt?: string) {
    const { caseId } = await command('/cases', AGENT, complaint({ subject, ...(receivedAt ? { receivedAt } : {}) }), 201);
    await command(`/cases/${caseId}/validation`, SUPERVISOR, { valid: true });
    await command(`/cases/${caseId}/assignment`, SUPERVISOR, { departmentId: 'eng', assigneeId: 'eng-1' });
    return caseId;
  }
  /** Rectified and visited by the service line, rated `satisfaction`. */
  async function rectifiedAndVisited(caseId: string, satisfaction: string) {
    await command(`/cases/${caseId}/rectification`, ENGINEER, { description: 'Fixed' });
    await command(`/cases/${caseId}/return-visits`, AGENT, { method: 'phone', satisfaction });
  }

  describe('rework and accepted dissatisfaction', () => {
    it('a dissatisfied visit blocks closing; rework sends the case round again with a second rectification clock', async () => {
      const caseId = await assignedCase('Still leaking after the repair');
      await rectifiedAndVisited(caseId, 'unsatisfied');
      const blocked = expectProblem(await cb.post(`/cases/${caseId}/close`, SUPERVISOR, { summary: 'Done' }), 409, 'PRECONDITION_NOT_MET');
      expect(blocked.detail).toContain('rework_or_dissatisfaction_accepted');

      // The refusals in API.md's order: a bad body 400 before the role's 403; an agent 403.
      expectProblem(await cb.post(`/cases/${caseId}/rework`, AGENT, {}), 400, 'VALIDATION_FAILED');
      expectProblem(await cb.post(`/cases/${caseId}/rework`, AGENT, { reason: 'Customer unhappy' }), 403, 'FORBIDDEN');
      expectProblem(await cb.post('/cases/7a1c3e52-0f7e-4c1e-9d59-2b8f0c6d4a10/rework', SUPERVISOR, { reason: 'x' }), 404, 'NOT_FOUND');

      const rework = await command(`/cases/${caseId}/rework`, SUPERVISOR, { reason: 'The ceiling still drips' });
      expect(rework.events).toEqual(['ReworkRequested']);
      const [requested] = ofType(await history(caseId), 'ReworkRequested');
      const [visit] = ofType(await history(caseId), 'ReturnVisitRecorded');
      expect(requested.data).toEqual({
        reason: 'The ceiling still drips',
        requestedBy: 'sup-1',
        rectificationBy: expect.any(String),
        visitId: visit.eventId,
      });
      // From the request, 3 working days (general): Monday → Thursday, same time of day.
      expect(Date.parse(requested.data.rectificationBy) - Date.parse(requested.recordedAt)).toBe(3 * DAY);

      const c = await detail(caseId);
      expect(c.status).toBe('in_progress');
      expect(c.assignment).toMatchObject({ departmentId: 'eng', assigneeId: 'eng-1' });
      const rectifications = clocksOf(c, 'rectification');
      expect(rectifications.map((r) => r.status)).toEqual(['met', 'running']);
      expect(rectifications[1]).toMatchObject({ startedAt: requested.recordedAt, dueAt: requested.data.rectificationBy, accountableStaffId: 'eng-1', paused: false, pauses: 0, extensions: 0 });
      // No second rework without a new dissatisfied visit.
      expectProblem(await cb.post(`/cases/${caseId}/rework`, SUPERVISOR, { reason: 'again' }), 409, 'INVALID_STATE_TRANSITION');

      // Round again: rectification, a visit, then it closes.
      await rectifiedAndVisited(caseId, 'satisfied');
      await command(`/cases/${caseId}/close`, SUPERVISOR, { summary: 'Fixed for good' });
    });

    it('a manager closes with accepted dissatisfaction; a supervisor gets 403, the field on a satisfied case 400', async () => {
      const caseId = await assignedCase('Wants a new bathroom');
      await rectifiedAndVisited(caseId, 'very_unsatisfied');
      const accepted = { summary: 'Repaired as agreed', dissatisfactionAccepted: { reason: 'The demand is outside what was agreed' } };
      expectProblem(await cb.post(`/cases/${caseId}/close`, SUPERVISOR, accepted), 403, 'FORBIDDEN');
      expectProblem(await cb.post(`/cases/${caseId}/close`, MANAGER, { ...accepted, dissatisfactionAccepted: {} }), 400, 'VALIDATION_FAILED');
      expectProblem(await cb.post(`/cases/${caseId}/close`, MANAGER, { ...accepted, dissatisfactionAccepted: { reason: 'x', extra: 1 } }), 400, 'VALIDATION_FAILED');

      const closed = await command(`/cases/${caseId}/close`, MANAGER, accepted);
      expect(closed.events).toEqual(['CaseClosed']);
      const [event] = ofType(await history(caseId), 'CaseClosed');
      expect(event.data).toEqual({ summary: 'Repaired as agreed', closedBy: 'mgr-1', outcome: 'valid', dissatisfactionAccepted: { reason: 'The demand is outside what was agreed' } });

      const satisfied = await assignedCase('Happy in the end');
      await rectifiedAndVisited(satisfied, 'satisfied');
      // 400 comes before the role's 403: a supervisor sending the field on a satisfied case gets 400 too.
      for (const who of [MANAGER, SUPERVISOR]) {
        const res = expectProblem(await cb.post(`/cases/${satisfied}/close`, who, accepted), 400, 'VALIDATION_FAILED');
        expect(res.errors.map((e: { path: string }) => e.path)).toEqual(['dissatisfactionAccepted']);
      }
    });

    it('return visits are the service line’s: never a handler, quality or the case’s assignee', async () => {
      // Assigned to the front desk's supervisor, who rectifies it and then may not visit it.
      const { caseId } = await command('/cases', AGENT, complaint({ subject: 'Who may call back' }), 201);
      await command(`/cases/${caseId}/assignment`, SUPERVISOR, { departmentId: 'front', assigneeId: 'sup-1' });
      await command(`/cases/${caseId}/rectification`, SUPERVISOR, { description: 'Fixed' });
      const visit = { method: 'phone', satisfaction: 'satisfied' };
      for (const who of [ENGINEER, QUALITY, SUPERVISOR]) expectProblem(await cb.post(`/cases/${caseId}/return-visits`, who, visit), 403, 'FORBIDDEN');
      await command(`/cases/${caseId}/return-visits`, MANAGER, visit);
    });
  });

  describe('pauses', () => {
    it('a paused rectification clock is not breached while paused; a resume moves its due time by the time paused, and the breach follows it', async () => {
      // Received on Wednesday, 12 s short of 5 days ago: due 3 working days later, 12 s from now.
      const caseId = await assignedCase('Waiting for the supplier', iso(serverNow() - 5 * DAY + 12 * SECOND));
      const due: string = clocksOf(await detail(caseId), 'rectification')[0].dueAt;
      expect(Date.parse(due) - serverNow()).toBeLessThan(12 * SECOND);

      // The refusals first: an unknown clock is 404 even with a bad body, a bad body 400 before the role's 403.
      expectProblem(await cb.post(`/cases/${caseId}/clocks/repair/pause`, SUPERVISOR, { reason: 'whatever' }), 404, 'NOT_FOUND');
      expectProblem(await cb.post(`/cases/${caseId}/clocks/rectification/pause`, AGENT, { reason: 'whatever' }), 400, 'VALIDATION_FAILED');
      expectProblem(await cb.post(`/cases/${caseId}/clocks/rectification/pause`, AGENT, { reason: 'awaiting_supplier' }), 403, 'FORBIDDEN');
      expectProblem(await cb.post(`/cases/${caseId}/clocks/first_reply/pause`, SUPERVISOR, { reason: 'awaiting_supplier' }), 409, 'PRECONDITION_NOT_MET');
      expectProblem(
        await cb.post(`/cases/${caseId}/clocks/rectification/pause`, SUPERVISOR, { reason: 'awaiting_supplier', resumeAt: iso(serverNow() - HOUR) }),
        400,
        'VALIDATION_FAILED',
      );

      const paused = await command(`/cases/${caseId}/clocks/rectification/pause`, SUPERVISOR, { reason: 'awaiting_supplier', note: 'Valve on order' });
      expect(paused.events).toEqual(['ClockPaused']);
      const [pausedEvent] = ofType(await history(caseId), 'ClockPaused');
      // Without resumeAt: it resumes by itself when the 10 days' allowance is used up.
      expect(pausedEvent.data).toEqual({
        clock: 'rectification',
        reason: 'awaiting_supplier',
        note: 'Valve on order',
        resumeAt: iso(Date.parse(pausedEvent.recordedAt) + 10 * DAY),
        pausedBy: 'sup-1',
      });
      expectProblem(await cb.post(`/cases/${caseId}/clocks/rectification/pause`, SUPERVISOR, { reason: 'no_access' }), 409, 'PRECONDITION_NOT_MET');
      expectProblem(await cb.post(`/cases/${caseId}/clocks/rectification/extension`, ENGINEER, { dueAt: iso(Date.parse(due) + DAY), reason: 'parts' }), 409, 'PRECONDITION_NOT_MET');

      // Past its due time and well past a sweep: no breach while paused, and it is not overdue.
      await until('the due time to pass', async () => serverNow() > Date.parse(due) + 4 * SECOND, 60 * SECOND);
      expect(ofType(await history(caseId), 'SlaBreached').filter((e) => e.data.clock === 'rectification')).toEqual([]);
      const whilePaused = clocksOf(await detail(caseId), 'rectification')[0];
      expect(whilePaused).toMatchObject({ status: 'running', paused: true, dueAt: due, originalDueAt: due, pauses: 1, resumeAt: pausedEvent.data.resumeAt });
      const overview = (await cb.get('/dashboard/overview', MANAGER, { 'casebook-min-position': position })).body;
      expect(overview.pausedClocks).toBeGreaterThanOrEqual(1);
      expect(overview.overdueByClock.rectification).toBeUndefined();

      // Any staff member resumes it: the due time moves by the time paused.
      const resumed = await command(`/cases/${caseId}/clocks/rectification/resume`, ENGINEER, { note: 'Valve delivered' });
      expect(resumed.events).toEqual(['ClockResumed']);
      const [resumedEvent] = ofType(await history(caseId), 'ClockResumed');
      const pausedMs = Date.parse(resumedEvent.recordedAt) - Date.parse(pausedEvent.recordedAt);
      const moved = iso(Date.parse(due) + pausedMs);
      expect(resumedEvent.data).toEqual({ clock: 'rectification', resumedBy: 'eng-1', note: 'Valve delivered', pausedMs, dueAt: moved, previousDueAt: due });
      expectProblem(await cb.post(`/cases/${caseId}/clocks/rectification/resume`, ENGINEER, {}), 409, 'PRECONDITION_NOT_MET');
      expect(clocksOf(await detail(caseId), 'rectification')[0]).toMatchObject({ status: 'running', paused: false, dueAt: moved, originalDueAt: due, pauses: 1, resumeAt: null });

      // Breached at its moved due time, not the original one.
      const breach = await untilEvent(caseId, 'SlaBreached', (e) => e.data.clock === 'rectification');
      expect(breach.data).toEqual({ clock: 'rectification', dueAt: moved, accountableStaffId: 'eng-1' });
      expect(Date.parse(breach.recordedAt)).toBeGreaterThan(Date.parse(moved));
      expect(Date.parse(breach.recordedAt) - Date.parse(moved)).toBeLessThan(60 * SECOND);
    }, 120_000);

    it('a clock resumes by itself at resumeAt, measured to resumeAt; a resumeAt past the allowance is cut to it', async () => {
      const caseId = await assignedCase('Customer away for a few seconds');
      const due: string = clocksOf(await detail(caseId), 'rectification')[0].dueAt;
      const resumeAt = iso(serverNow() + 3 * SECOND);
      await command(`/cases/${caseId}/clocks/rectification/pause`, SUPERVISOR, { reason: 'awaiting_customer', resumeAt });
      const [paused] = ofType(await history(caseId), 'ClockPaused');
      expect(paused.data.resumeAt).toBe(resumeAt);

      const resumed = await untilEvent(caseId, 'ClockResumed');
      const pausedMs = Date.parse(resumeAt) - Date.parse(paused.recordedAt);
      expect(resumed.data).toEqual({ clock: 'rectification', resumedBy: 'system', pausedMs, dueAt: iso(Date.parse(due) + pausedMs), previousDueAt: due });
      expect(resumed.metadata).toMatchObject({ actorId: 'system', actorRole: 'system' });
      expect(Date.parse(resumed.recordedAt)).toBeGreaterThanOrEqual(Date.parse(resumeAt));
      expect(Date.parse(resumed.recordedAt) - Date.parse(resumeAt)).toBeLessThan(60 * SECOND);

      // The allowance left is 10 days less the pause so far: a later resumeAt is cut to it.
      await command(`/cases/${caseId}/clocks/rectification/pause`, SUPERVISOR, { reason: 'no_access', resumeAt: iso(serverNow() + 30 * DAY) });
      const second = ofType(await history(caseId), 'ClockPaused')[1];
      expect(second.data.resumeAt).toBe(iso(Date.parse(second.recordedAt) + 10 * DAY - pausedMs));
      await command(`/cases/${caseId}/clocks/rectification/resume`, AGENT, {});
      const c = await detail(caseId);
      expect(clocksOf(c, 'rectification')[0]).toMatchObject({ paused: false, pauses: 2, originalDueAt: due });
    }, 90_000);
  });

  describe('extensions', () => {
    it('a supervisor approves within 3 working days of the due time and is refused beyond it, where a manager succeeds', async () => {
      const caseId = await assignedCase('Parts from abroad');
      const due: string = clocksOf(await detail(caseId), 'rectification')[0].dueAt; // Thursday 2026-11-19
      const path = `/cases/${caseId}/clocks/rectification/extension`;

      expectProblem(await cb.post(path, ENGINEER, { dueAt: due, reason: 'parts' }), 400, 'VALIDATION_FAILED');
      expectProblem(await cb.post(path, SECURITY, { dueAt: iso(Date.parse(due) + DAY), reason: 'parts' }), 403, 'FORBIDDEN');
      expectProblem(await cb.post(`${path}/decision`, SUPERVISOR, { decision: 'approve' }), 409, 'INVALID_STATE_TRANSITION');

      // Thursday + 3 working days = Tuesday (Fri, Mon, Tue), inclusive: a supervisor may.
      const tuesday = iso(Date.parse(due) + 5 * DAY);
      const asked = await command(path, ENGINEER, { dueAt: tuesday, reason: 'Parts ship from abroad' });
      expect(asked.events).toEqual(['ExtensionRequested']);
      expectProblem(await cb.post(path, SUPERVISOR, { dueAt: iso(Date.parse(tuesday) + DAY), reason: 'more' }), 409, 'PRECONDITION_NOT_MET');
      expect((await cb.get('/dashboard/overview', MANAGER, { 'casebook-min-position': position })).body.pendingExtensions).toBeGreaterThanOrEqual(1);
      expect(clocksOf(await detail(caseId), 'rectification')[0].extensionRequest).toMatchObject({ dueAt: tuesday, requestedBy: 'eng-1' });

      const approved = await command(`${path}/decision`, SUPERVISOR, { decision: 'approve', comment: 'Fine' });
      expect(approved.events).toEqual(['ExtensionApproved']);
      const [request] = ofType(await history(caseId), 'ExtensionRequested');
      expect(ofType(await history(caseId), 'ExtensionApproved')[0].data).toEqual({
        clock: 'rectification',
        requestId: request.data.requestId,
        decidedBy: 'sup-1',
        decidedByRole: 'supervisor',
        comment: 'Fine',
        dueAt: tuesday,
        previousDueAt: due,
      });
      expect(clocksOf(await detail(caseId), 'rectification')[0]).toMatchObject({ dueAt: tuesday, originalDueAt: due, extensions: 1, extensionRequest: null });

      // Tuesday + 4 working days (Wed, Thu, Fri, Mon) is beyond a supervisor: 403; a manager approves it.
      const monday = iso(Date.parse(tuesday) + 6 * DAY);
      await command(path, SUPERVISOR, { dueAt: monday, reason: 'Customs' });
      expectProblem(await cb.post(`${path}/decision`, SUPERVISOR, { decision: 'approve' }), 403, 'APPROVAL_AUTHORITY_EXCEEDED');
      await command(`${path}/decision`, MANAGER, { decision: 'approve' });
      expect(clocksOf(await detail(caseId), 'rectification')[0]).toMatchObject({ dueAt: monday, originalDueAt: due, extensions: 2 });

      // At most 2 approved per clock; a rejection moves nothing.
      expectProblem(await cb.post(path, ENGINEER, { dueAt: iso(Date.parse(monday) + DAY), reason: 'again' }), 409, 'PRECONDITION_NOT_MET');
      const other = await assignedCase('Rejected extension');
      const otherDue: string = clocksOf(await detail(other), 'rectification')[0].dueAt;
      await command(`/cases/${other}/clocks/rectification/extension`, ENGINEER, { dueAt: iso(Date.parse(otherDue) + DAY), reason: 'busy' });
      const rejected = await command(`/cases/${other}/clocks/rectification/extension/decision`, SUPERVISOR, { decision: 'reject' });
      expect(rejected.events).toEqual(['ExtensionRejected']);
      expect(clocksOf(await detail(other), 'rectification')[0]).toMatchObject({ dueAt: otherDue, extensions: 0, extensionRequest: null });
    });
  });

  describe('warnings', () => {
    it('a warning appears once at 80% of a clock’s time, across several workers and a restart', async () => {
      const { caseId } = await command('/cases', AGENT, complaint({ subject: 'Call me back in 30 s' }), 201);
      await command(`/cases/${caseId}/replies`, AGENT, { message: 'Calling back shortly', channel: 'phone', nextReplyBy: iso(serverNow() + 30 * SECOND) });
      const promised = clocksOf(await detail(caseId), 'promised_reply')[0];
      const atRiskAt = Date.parse(promised.startedAt) + Math.ceil(0.8 * (Date.parse(promised.dueAt) - Date.parse(promised.startedAt)));

      // Two workers whose watchers both sweep (no lock between them).
      await worker.stop();
      const racing = [await cb.startWorker({ exclusive: false, intervalMs: 500 }), await cb.startWorker({ exclusive: false, intervalMs: 500 })];
      const warning = await untilEvent(caseId, 'SlaAtRisk');
      expect(warning.data).toEqual({ clock: 'promised_reply', dueAt: promised.dueAt, fraction: 0.8 });
      expect(warning.metadata).toMatchObject({ actorId: 'system', actorRole: 'system' });
      expect(Date.parse(warning.recordedAt)).toBeGreaterThanOrEqual(atRiskAt);
      expect(Date.parse(warning.recordedAt) - atRiskAt).toBeLessThan(60 * SECOND);
      if (BigInt(warning.position) > BigInt(position)) position = warning.position;
      expect(clocksOf(await detail(caseId), 'promised_reply')[0]).toMatchObject({ status: 'running', atRisk: true });
      expect((await cb.get('/dashboard/overview', MANAGER, { 'casebook-min-position': position })).body.atRiskByClock).toEqual({ promised_reply: 1 });

      // A few more sweeps, then a restart: still one warning, and past its due time the breach, not another warning.
      await sleep(1500);
      for (const w of racing) await w.stop();
      worker = await cb.startWorker();
      const breach = await untilEvent(caseId, 'SlaBreached', (e) => e.data.clock === 'promised_reply');
      expect(ofType(await history(caseId), 'SlaAtRisk')).toHaveLength(1);
      if (BigInt(breach.position) > BigInt(position)) position = breach.position;
      const overview = (await cb.get('/dashboard/overview', MANAGER, { 'casebook-min-position': position })).body;
      expect(overview.atRiskByClock.promised_reply).toBeUndefined();
      expect(overview.overdueByClock.promised_reply).toBe(1);
    }, 90_000);
  });

  describe('urgings and notices', () => {
    it('urge a case’s staff and issue a notice; both show in the month’s departments table', async () => {
      const caseId = await assignedCase('Nobody came');
      const path = `/cases/${caseId}/urgings`;
      expectProblem(await cb.post(path, SUPERVISOR, { message: 'Hurry', clock: 'lunch' }), 400, 'VALIDATION_FAILED');
      expectProblem(await cb.post(path, SUPERVISOR, { message: 'Hurry', staffId: 'nobody' }), 400, 'VALIDATION_FAILED');
      expectProblem(await cb.post(path, AGENT, { message: 'Hurry' }), 403, 'FORBIDDEN');

      // The assignee by default, the clock's accountable staff when a clock is named, or whom the body names.
      await command(path, SUPERVISOR, { message: 'Please go today' });
      await command(path, MANAGER, { message: 'Call the customer', clock: 'first_reply' });
      await command(path, SUPERVISOR, { message: 'Help engineering', staffId: 'sec-1' });
      expect(ofType(await history(caseId), 'CaseUrged').map((e) => e.data)).toEqual([
        { message: 'Please go today', staffId: 'eng-1', departmentId: 'eng', urgedBy: 'sup-1' },
        { message: 'Call the customer', staffId: 'agent-1', departmentId: 'front', clock: 'first_reply', urgedBy: 'mgr-1' },
        { message: 'Help engineering', staffId: 'sec-1', departmentId: 'sec', urgedBy: 'sup-1' },
      ]);

      const notices = `/cases/${caseId}/notices`;
      const notice = { kind: 'criticism', departmentId: 'qa', staffId: 'qa-1', text: 'Inspection missed the leak' };
      expectProblem(await cb.post(notices, MANAGER, { ...notice, kind: 'praise' }), 400, 'VALIDATION_FAILED');
      expectProblem(await cb.post(notices, MANAGER, { ...notice, departmentId: 'nowhere' }), 400, 'VALIDATION_FAILED');
      expectProblem(await cb.post(notices, MANAGER, { ...notice, staffId: 'sec-1' }), 400, 'VALIDATION_FAILED');
      expectProblem(await cb.post(notices, SUPERVISOR, notice), 403, 'FORBIDDEN');
      const issued = await command(notices, MANAGER, notice);
      expect(issued.events).toEqual(['NoticeIssued']);
      expect(ofType(await history(caseId), 'NoticeIssued')[0].data).toEqual({ noticeId: expect.any(String), ...notice, issuedBy: 'mgr-1' });
      await command(notices, as('gm-1', 'gm'), { kind: 'commendation', departmentId: 'eng', text: 'Quick once urged' });

      const report = await cb.get('/reports/monthly/2026-11', MANAGER, { 'casebook-min-position': position });
      expect(report.status).toBe(200);
      const row = (id: string) => report.body.departments.find((d: { departmentId: string }) => d.departmentId === id);
      expect(row('eng')).toMatchObject({ urged: 1, notices: 1 });
      expect(row('front')).toMatchObject({ departmentName: 'Front desk', urged: 1, notices: 0 });
      // A department urged or noticed has a row even without a responsibility share.
      expect(row('sec')).toMatchObject({ urged: 1, notices: 0, cases: 0, responsibilityWeight: '0.0000' });
      expect(row('qa')).toMatchObject({ departmentNameZh: '质量管理部', urged: 0, notices: 1, cases: 0 });
      expect(report.body.totals).toMatchObject({ urged: 3, notices: 2 });
    });
  });
});
