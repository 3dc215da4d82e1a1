import { setTimeout as sleep } from 'node:timers/promises';
import {
  ADMIN,
  AGENT,
  as,
  AUDITOR,
  Casebook,
  complaint,
  ENGINEER,
  GM,
  MANAGER,
  QUALITY,
  SECURITY,
  seedDirectory,
  SUPERVISOR,
  type Caller,
} from './support/casebook';

/**
 * Penalties (PRODUCT.md §7) through real HTTP and the real worker: the penalties process
 * manager assesses valid closures, shirking and reopens (PenaltyAssessed appears in the case's
 * history within seconds, caused by its trigger); the ledger shows original, adjusted and
 * effective figures per month, filtered by staff, department and site; the summary adds the
 * effective figures up. The clock starts mid-November 2026 (Shanghai), so every line is in 2026-11.
 */

const CLOCK_START = '2026-11-16T10:00:00+08:00';
const MONTH = '2026-11';

interface HistoryEvent {
  eventId: string;
  type: string;
  position: string;
  recordedAt: string;
  data: Record<string, any>;
  metadata: Record<string, any>;
}

const UUID = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';

describe('penalties (e2e)', () => {
  let cb: Casebook;

  beforeAll(async () => {
    cb = await Casebook.start({ CASEBOOK_CLOCK_START: CLOCK_START });
    await seedDirectory(cb);
  });
  afterAll(() => cb.stop());

  async function command(path: string, who: Caller, body: unknown, status = 200) {
    const res = await cb.post(path, who, body);
    expect({ path, status: res.status, body: res.body }).toMatchObject({ status });
    return res.body;
  }

  async function history(caseId: string): Promise<HistoryEvent[]> {
    const res = await cb.get(`/cases/${caseId}/history`, SUPERVISOR);
    expect(res.status).toBe(200);
    return res.body.events;
  }

  /** Polls the case's history until it holds `count` PenaltyAssessed; returns them. */
  async function assessments(caseId: string, count: number, timeoutMs = 20_000): Promise<HistoryEvent[]> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = (await history(caseId)).filter((e) => e.type === 'PenaltyAssessed');
      if (found.length >= count) return found;
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${count} PenaltyAssessed of case ${caseId} (have ${found.length})`);
      await sleep(100);
    }
  }

  const ledger = (query: string, who: Caller = MANAGER, position?: string) =>
    cb.get(`/penalties?${query}`, who, position ? { 'casebook-min-position': position } : undefined);
  const summary = (query: string, who: Caller = MANAGER, position?: string) =>
    cb.get(`/penalties/summary?${query}`, who, position ? { 'casebook-min-position': position } : undefined);

  /** A valid major complaint, investigated by quality with `responsibility`, a settlement of 5000.00 accepted. */
  async function readyToClose(responsibility: unknown[]) {
    const { caseId, caseNumber } = await command('/cases', AGENT, complaint({ severity: 'major' }), 201);
    await command(`/cases/${caseId}/replies`, AGENT, { message: 'We are on it', channel: 'phone' });
    await command(`/cases/${caseId}/validation`, SUPERVISOR, { valid: true });
    await command(`/cases/${caseId}/assignment`, SUPERVISOR, { departmentId: 'eng', assigneeId: 'eng-1' });
    await command(`/cases/${caseId}/investigation`, QUALITY, {
      rootCause: 'Corroded pipe joint',
      causeType: 'quality',
      responsibility,
      countermeasures: 'Replace joints building-wide',
    });
    await command(`/cases/${caseId}/rectification`, ENGINEER, { description: 'Joint replaced' });
    await command(`/cases/${caseId}/settlement`, SUPERVISOR, { type: 'compensation', amount: '5000.00', description: 'Repainting' });
    await command(`/cases/${caseId}/settlement/decision`, MANAGER, { decision: 'approve' });
    await command(`/cases/${caseId}/settlement/customer-response`, AGENT, { accepted: true });
    await command(`/cases/${caseId}/return-visits`, AGENT, { method: 'phone', satisfaction: 'satisfied' });
    return { caseId: caseId as string, caseNumber: caseNumber as string };
  }

  let caseId: string;
  let caseNumber: string;
  let lines: Record<string, any>[];
  let lastPosition: string;

  it('a closed valid major complaint with shares 0.6/0.4 is assessed: department −6.00/−4.00, staff −2.40/−1.60', async () => {
    ({ caseId, caseNumber } = await readyToClose([
      { departmentId: 'eng', staffId: 'eng-1', share: 0.6 },
      { departmentId: 'sec', staffId: 'sec-1', share: '0.4' },
    ]));
    const closed = await command(`/cases/${caseId}/close`, SUPERVISOR, { summary: 'Repaired and compensated' });
    // The assessment is a follow-on event: not part of the close's response.
    expect(closed.events).toEqual(['CaseClosed']);

    const [assessed] = await assessments(caseId, 1);
    const events = await history(caseId);
    const closure = events.find((e) => e.type === 'CaseClosed')!;
    expect(assessed.metadata).toMatchObject({
      actorId: 'system',
      actorRole: 'system',
      causationId: closure.eventId,
      correlationId: closure.metadata.correlationId,
      policyVersions: { penalty: 1 },
    });
    expect(assessed.data).toEqual({
      assessmentId: expect.stringMatching(new RegExp(`^${UUID}$`)),
      policyVersion: 1,
      amountPerPoint: '100.00',
      trigger: closure.eventId,
      month: MONTH,
      lines: [
        { lineId: expect.any(String), rule: 'VALID_MAJOR', targetType: 'department', targetId: 'eng', points: '-6.00', amount: '-600.00', lossAmount: '3000.00', share: '0.6' },
        { lineId: expect.any(String), rule: 'VALID_MAJOR', targetType: 'staff', targetId: 'eng-1', departmentId: 'eng', points: '-2.40', amount: '-240.00', share: '0.6' },
        { lineId: expect.any(String), rule: 'VALID_MAJOR', targetType: 'department', targetId: 'sec', points: '-4.00', amount: '-400.00', lossAmount: '2000.00', share: '0.4' },
        { lineId: expect.any(String), rule: 'VALID_MAJOR', targetType: 'staff', targetId: 'sec-1', departmentId: 'sec', points: '-1.60', amount: '-160.00', share: '0.4' },
      ],
    });
    lines = assessed.data.lines;
    expect(lines.map((l) => l.lineId)).toEqual([1, 2, 3, 4].map((n) => `${assessed.data.assessmentId}.${n}`));
    lastPosition = assessed.position;
  });

  it('the ledger shows the lines of the month, and filters by staff, department (its staff included) and site', async () => {
    const res = await ledger(`month=${MONTH}`, MANAGER, lastPosition);
    expect(res.status).toBe(200);
    expect(res.body.nextCursor).toBeNull();
    expect(res.body.items).toEqual(
      lines.map((l) =>
        expect.objectContaining({
          lineId: l.lineId,
          caseId,
          caseNumber,
          rule: 'VALID_MAJOR',
          policyVersion: 1,
          targetType: l.targetType,
          targetId: l.targetId,
          points: l.points,
          amount: l.amount,
          waived: false,
          effectivePoints: l.points,
          effectiveAmount: l.amount,
          recordedAt: expect.stringMatching(/^2026-11-\d\dT.*Z$/),
        }),
      ),
    );
    const [engLine, engStaff, secLine] = res.body.items;
    expect(engLine.lossAmount).toBe('3000.00');
    expect(secLine.lossAmount).toBe('2000.00');
    expect(engStaff).not.toHaveProperty('lossAmount');
    expect(engLine).not.toHaveProperty('adjustedPoints');

    const ids = async (query: string) => (await ledger(query)).body.items.map((i: { targetId: string }) => i.targetId);
    expect(await ids(`month=${MONTH}&staffId=eng-1`)).toEqual(['eng-1']);
    expect(await ids(`month=${MONTH}&departmentId=eng`)).toEqual(['eng', 'eng-1']);
    expect(await ids(`month=${MONTH}&departmentId=sec`)).toEqual(['sec', 'sec-1']);
    expect(await ids(`month=${MONTH}&siteId=site-a`)).toEqual(['eng', 'eng-1', 'sec', 'sec-1']);
    expect(await ids(`month=2026-10`)).toEqual([]);
    expect(await ids(`month=2026-12`)).toEqual([]);

    // Paging: two pages of two.
    const first = await ledger(`month=${MONTH}&limit=2`);
    expect(first.body.items.map((i: { lineId: string }) => i.lineId)).toEqual([lines[0].lineId, lines[1].lineId]);
    const second = await ledger(`month=${MONTH}&limit=2&cursor=${first.body.nextCursor}`);
    expect(second.body.items.map((i: { lineId: string }) => i.lineId)).toEqual([lines[2].lineId, lines[3].lineId]);
    expect(second.body.nextCursor).toBeNull();
  });

  it('the summary adds the month up per staff member and per department (a department’s staff included)', async () => {
    const res = await summary(`month=${MONTH}`, MANAGER, lastPosition);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      noticeStatus: 'none',
      staff: [
        { staffId: 'eng-1', points: '-2.40', amount: '-240.00' },
        { staffId: 'sec-1', points: '-1.60', amount: '-160.00' },
      ],
      departments: [
        { departmentId: 'eng', points: '-8.40', amount: '-840.00' },
        { departmentId: 'sec', points: '-5.60', amount: '-560.00' },
      ],
    });
  });

  it('who may read the ledger, and what a bad month is', async () => {
    for (const reader of [SUPERVISOR, MANAGER, GM, AUDITOR, ADMIN]) {
      expect({ reader: reader.sub, status: (await ledger(`month=${MONTH}`, reader)).status }).toEqual({ reader: reader.sub, status: 200 });
    }
    for (const other of [AGENT, ENGINEER, QUALITY]) {
      const res = await ledger(`month=${MONTH}`, other);
      expect({ status: res.status, code: res.body.code }).toEqual({ status: 403, code: 'FORBIDDEN' });
      expect((await summary(`month=${MONTH}`, other)).status).toBe(403);
    }
    for (const query of ['', 'month=2026-13', 'month=202611', 'month=2026-11-01', `month=${MONTH}&limit=0`, `month=${MONTH}&cursor=nope`, `month=${MONTH}&foo=1`]) {
      const res = await ledger(query);
      expect({ query, status: res.status, code: res.body.code }).toEqual({ query, status: 400, code: 'VALIDATION_FAILED' });
    }
    expect((await summary('')).status).toBe(400);
    // Another site's id is 404; a caller of site-b only sees nothing of site-a.
    expect((await ledger(`month=${MONTH}&siteId=site-b`)).status).toBe(404);
    expect((await summary(`month=${MONTH}&siteId=site-b`)).status).toBe(404);
    const elsewhere = as('mgr-1', 'manager', ['site-b']);
    expect((await ledger(`month=${MONTH}`, elsewhere)).body.items).toEqual([]);
    expect((await summary(`month=${MONTH}`, elsewhere)).body).toEqual({ noticeStatus: 'none', staff: [], departments: [] });
  });

  it('a manager adjusts one line and waives another: the ledger shows original and effective figures, the summary the effective ones', async () => {
    const [engLine, , , secStaff] = lines;
    // Refusals first: role, unknown line, bad body, another site's line.
    const bySupervisor = await cb.post(`/penalties/${engLine.lineId}/adjustment`, SUPERVISOR, { points: '-3.00', reason: 'first offence' });
    expect({ status: bySupervisor.status, code: bySupervisor.body.code }).toEqual({ status: 403, code: 'FORBIDDEN' });
    const unknown = await cb.post(`/penalties/00000000-0000-4000-8000-000000000000.1/adjustment`, MANAGER, { points: '-3.00', reason: 'x' });
    expect(unknown.status).toBe(404);
    expect((await cb.post(`/penalties/nope/waiver`, MANAGER, { reason: 'x' })).status).toBe(404);
    for (const body of [{ points: 'abc', reason: 'x' }, { points: -3, reason: 'x' }, { points: '-3.001', reason: 'x' }, { points: '2.00', reason: 'x' }, { points: '-3.00' }, { points: '-3.00', reason: 'x', extra: 1 }]) {
      const res = await cb.post(`/penalties/${engLine.lineId}/adjustment`, MANAGER, body);
      expect({ body, status: res.status, code: res.body.code }).toEqual({ body, status: 400, code: 'VALIDATION_FAILED' });
    }
    const otherSite = as('mgr-1', 'manager', ['site-b']);
    expect((await cb.post(`/penalties/${engLine.lineId}/waiver`, otherSite, { reason: 'x' })).status).toBe(404);

    const adjusted = await command(`/penalties/${engLine.lineId}/adjustment`, MANAGER, { points: '-3.00', reason: 'first offence in the block' });
    expect(adjusted).toMatchObject({ caseId, caseNumber, events: ['PenaltyAdjusted'] });
    const waived = await command(`/penalties/${secStaff.lineId}/waiver`, GM, { reason: 'was on leave that week' });
    expect(waived).toMatchObject({ caseId, events: ['PenaltyWaived'] });
    const again = await cb.post(`/penalties/${secStaff.lineId}/waiver`, MANAGER, { reason: 'twice' });
    expect({ status: again.status, code: again.body.code }).toEqual({ status: 409, code: 'INVALID_STATE_TRANSITION' });
    expect((await cb.post(`/penalties/${secStaff.lineId}/adjustment`, MANAGER, { points: '-1.00', reason: 'x' })).status).toBe(409);

    const events = await history(caseId);
    expect(events.find((e) => e.type === 'PenaltyAdjusted')).toMatchObject({
      data: { lineId: engLine.lineId, points: '-3.00', amount: '-300.00', reason: 'first offence in the block', adjustedBy: 'mgr-1' },
      metadata: { actorId: 'mgr-1', actorRole: 'manager' },
    });
    expect(events.find((e) => e.type === 'PenaltyWaived')).toMatchObject({ data: { lineId: secStaff.lineId, reason: 'was on leave that week', waivedBy: 'gm-1' } });

    const res = await ledger(`month=${MONTH}`, MANAGER, waived.position);
    const byId = Object.fromEntries(res.body.items.map((i: { lineId: string }) => [i.lineId, i]));
    expect(byId[engLine.lineId]).toMatchObject({
      points: '-6.00',
      amount: '-600.00',
      adjustedPoints: '-3.00',
      adjustedAmount: '-300.00',
      waived: false,
      effectivePoints: '-3.00',
      effectiveAmount: '-300.00',
    });
    expect(byId[secStaff.lineId]).toMatchObject({ points: '-1.60', amount: '-160.00', waived: true, effectivePoints: '0.00', effectiveAmount: '0.00' });
    expect(byId[secStaff.lineId]).not.toHaveProperty('adjustedPoints');

    expect((await summary(`month=${MONTH}`, MANAGER, waived.position)).body).toEqual({
      noticeStatus: 'none',
      staff: [
        { staffId: 'eng-1', points: '-2.40', amount: '-240.00' },
        { staffId: 'sec-1', points: '0.00', amount: '0.00' },
      ],
      departments: [
        { departmentId: 'eng', points: '-5.40', amount: '-540.00' },
        { departmentId: 'sec', points: '-4.00', amount: '-400.00' },
      ],
    });
    lastPosition = waived.position;
  });

  it('shirking costs the named staff −3; a reopen costs the assignee at the last closure −1, counted in their department of the time', async () => {
    const shirking = await command(`/cases/${caseId}/shirking`, SUPERVISOR, { staffId: 'agent-1', description: 'Told the customer to call engineering' });
    const [, shirked] = await assessments(caseId, 2);
    expect(shirked.metadata.causationId).toBe((await history(caseId)).find((e) => e.type === 'ShirkingRecorded')!.eventId);
    expect(shirked.data.lines).toEqual([
      { lineId: `${shirked.data.assessmentId}.1`, rule: 'SHIRKING', targetType: 'staff', targetId: 'agent-1', departmentId: 'front', points: '-3.00', amount: '-300.00' },
    ]);
    expect(BigInt(shirked.position)).toBeGreaterThan(BigInt(shirking.position));

    // eng-1 moves to security; the lines already recorded stay with engineering, a new one counts for security.
    const moved = await cb.request('PATCH', '/admin/staff/eng-1', { as: ADMIN, body: { departmentId: 'sec' } });
    expect(moved.status).toBe(200);

    await command(`/cases/${caseId}/reopen`, SUPERVISOR, { reason: 'Leak is back' });
    const [, , reopenedLine] = await assessments(caseId, 3);
    expect(reopenedLine.data.lines).toEqual([
      { lineId: `${reopenedLine.data.assessmentId}.1`, rule: 'REOPENED', targetType: 'staff', targetId: 'eng-1', departmentId: 'sec', points: '-1.00', amount: '-100.00' },
    ]);

    const position = reopenedLine.position;
    const ids = async (query: string) =>
      (await ledger(query, MANAGER, position)).body.items.map((i: { rule: string; targetId: string }) => `${i.rule}:${i.targetId}`);
    expect(await ids(`month=${MONTH}&departmentId=eng`)).toEqual(['VALID_MAJOR:eng', 'VALID_MAJOR:eng-1']);
    expect(await ids(`month=${MONTH}&departmentId=sec`)).toEqual(['VALID_MAJOR:sec', 'VALID_MAJOR:sec-1', 'REOPENED:eng-1']);
    expect(await ids(`month=${MONTH}&staffId=eng-1`)).toEqual(['VALID_MAJOR:eng-1', 'REOPENED:eng-1']);
    expect(await ids(`month=${MONTH}&departmentId=front`)).toEqual(['SHIRKING:agent-1']);

    expect((await summary(`month=${MONTH}`, MANAGER, position)).body).toEqual({
      noticeStatus: 'none',
      staff: [
        { staffId: 'agent-1', points: '-3.00', amount: '-300.00' },
        { staffId: 'eng-1', points: '-3.40', amount: '-340.00' },
        { staffId: 'sec-1', points: '0.00', amount: '0.00' },
      ],
      departments: [
        { departmentId: 'eng', points: '-5.40', amount: '-540.00' },
        { departmentId: 'front', points: '-3.00', amount: '-300.00' },
        { departmentId: 'sec', points: '-5.00', amount: '-500.00' },
      ],
    });
  });

  it('closing again after the reopen assesses no second VALID_MAJOR', async () => {
    await command(`/cases/${caseId}/rectification`, ENGINEER, { description: 'Whole riser replaced' });
    await command(`/cases/${caseId}/return-visits`, AGENT, { method: 'visit', satisfaction: 'very_satisfied' });
    const closedAgain = await command(`/cases/${caseId}/close`, SUPERVISOR, { summary: 'Fixed for good' });
    expect(closedAgain.events).toEqual(['CaseClosed']);
    // The process manager takes a case's triggers in order: once a later one is assessed, the closure was handled.
    await command(`/cases/${caseId}/shirking`, SUPERVISOR, { staffId: 'sec-1', description: 'Refused to attend' });
    const all = await assessments(caseId, 4);
    expect(all.map((a) => a.data.lines.map((l: { rule: string }) => l.rule).join(','))).toEqual([
      'VALID_MAJOR,VALID_MAJOR,VALID_MAJOR,VALID_MAJOR',
      'SHIRKING',
      'REOPENED',
      'SHIRKING',
    ]);
    const types = (await history(caseId)).map((e) => e.type);
    expect(types.filter((t) => t === 'CaseClosed')).toHaveLength(2);
    expect(types.filter((t) => t === 'PenaltyAssessed')).toHaveLength(4);
  });

  it('an invalid complaint closed carries no responsibility penalty: no PenaltyAssessed', async () => {
    const { caseId: invalid } = await command('/cases', AGENT, complaint(), 201);
    await command(`/cases/${invalid}/validation`, SUPERVISOR, { valid: false, reason: 'unfounded' });
    await command(`/cases/${invalid}/replies`, AGENT, { message: 'Not our responsibility, sorry', channel: 'phone' });
    const closed = await command(`/cases/${invalid}/close`, SUPERVISOR, { summary: 'Unfounded' });
    expect((await history(invalid)).find((e) => e.type === 'CaseClosed')!.data.outcome).toBe('invalid');
    expect(closed.events).toEqual(['CaseClosed']);
    // A later trigger of the same case is assessed: the closure before it was handled, with nothing to append.
    await command(`/cases/${invalid}/shirking`, SUPERVISOR, { staffId: 'sec-1', description: 'Sent the customer away' });
    const [only] = await assessments(invalid, 1);
    expect(only.data.lines.map((l: { rule: string }) => l.rule)).toEqual(['SHIRKING']);
    expect((await history(invalid)).filter((e) => e.type === 'PenaltyAssessed')).toHaveLength(1);
  });

  it('an assessment uses the penalty policy in force, naming its version; an adjustment keeps its line’s amount per point', async () => {
    const { caseId: c } = await command('/cases', AGENT, complaint(), 201);
    await command(`/cases/${c}/shirking`, SUPERVISOR, { staffId: 'sec-1', description: 'Sent the customer away' });
    const [v1] = await assessments(c, 1);
    expect(v1.data).toMatchObject({ policyVersion: 1, amountPerPoint: '100.00', lines: [{ points: '-3.00', amount: '-300.00' }] });

    const policy = (await cb.get('/admin/policies/penalty', ADMIN)).body.policy;
    const v2 = { ...policy, amountPerPoint: '50.00', rules: { ...policy.rules, SHIRKING: { staff: '-5' } } };
    const changed = await cb.request('PUT', '/admin/policies/penalty', { as: ADMIN, body: v2 });
    expect(changed.body).toMatchObject({ version: 2 });
    try {
      await command(`/cases/${c}/shirking`, SUPERVISOR, { staffId: 'sec-1', description: 'Again' });
      const [, second] = await assessments(c, 2);
      expect(second.metadata.policyVersions).toEqual({ penalty: 2 });
      expect(second.data).toMatchObject({ policyVersion: 2, amountPerPoint: '50.00', lines: [{ rule: 'SHIRKING', points: '-5.00', amount: '-250.00' }] });

      const first = await command(`/penalties/${v1.data.lines[0].lineId}/adjustment`, MANAGER, { points: '-2', reason: 'first time' });
      const latest = await command(`/penalties/${second.data.lines[0].lineId}/adjustment`, MANAGER, { points: '-2', reason: 'first time' });
      const adjusted = (await history(c)).filter((e) => e.type === 'PenaltyAdjusted').map((e) => [e.data.points, e.data.amount]);
      expect(adjusted).toEqual([
        ['-2.00', '-200.00'],
        ['-2.00', '-100.00'],
      ]);
      expect(BigInt(latest.position)).toBeGreaterThan(BigInt(first.position));
    } finally {
      await cb.request('PUT', '/admin/policies/penalty', { as: ADMIN, body: policy });
    }
  });

  it('a general complaint without an investigation: the assigned department share 1, the assignee −2', async () => {
    const { caseId: general } = await command('/cases', AGENT, complaint(), 201);
    await command(`/cases/${general}/validation`, SUPERVISOR, { valid: true });
    await command(`/cases/${general}/assignment`, SUPERVISOR, { departmentId: 'sec', assigneeId: 'sec-1' });
    await command(`/cases/${general}/rectification`, SECURITY, { description: 'Gate fixed' });
    await command(`/cases/${general}/return-visits`, AGENT, { method: 'phone', satisfaction: 'satisfied' });
    await command(`/cases/${general}/close`, SUPERVISOR, { summary: 'Done' });
    const [assessed] = await assessments(general, 1);
    expect(assessed.data.lines.map(({ rule, targetType, targetId, points, amount, lossAmount, share }: Record<string, string>) => ({ rule, targetType, targetId, points, amount, lossAmount, share }))).toEqual([
      { rule: 'VALID_GENERAL', targetType: 'department', targetId: 'sec', points: '-3.00', amount: '-300.00', lossAmount: '0.00', share: '1' },
      { rule: 'VALID_GENERAL', targetType: 'staff', targetId: 'sec-1', points: '-2.00', amount: '-200.00', lossAmount: undefined, share: '1' },
    ]);
  });
});

describe('penalties: the policy in force when the trigger was recorded (e2e)', () => {
  let cb: Casebook;

  beforeAll(async () => {
    // The api alone; workers of their own start and stop beside it.
    cb = await Casebook.start({}, { withWorker: false });
    const seeding = await cb.startWorker();
    await seedDirectory(cb);
    await seeding.stop();
  });
  afterAll(() => cb.stop());

  it('a trigger recorded under v1 and assessed after v2 came in force is priced with v1', async () => {
    const logged = await cb.post('/cases', AGENT, complaint());
    expect(logged.status).toBe(201);
    const caseId = logged.body.caseId;
    // No worker runs: the shirking is recorded under v1, then the policy changes, and only then is it assessed.
    expect((await cb.post(`/cases/${caseId}/shirking`, SUPERVISOR, { staffId: 'sec-1', description: 'Sent away' })).status).toBe(200);
    const policy = (await cb.get('/admin/policies/penalty', ADMIN)).body.policy;
    const v2 = { ...policy, amountPerPoint: '50.00', rules: { ...policy.rules, SHIRKING: { staff: '-5' } } };
    const changed = await cb.request('PUT', '/admin/policies/penalty', { as: ADMIN, body: v2 }); // waits for the (absent) worker, then answers
    expect(changed.body).toMatchObject({ version: 2 });

    const worker = await cb.startWorker();
    try {
      await cb.post(`/cases/${caseId}/shirking`, SUPERVISOR, { staffId: 'sec-1', description: 'Sent away again' });
      const deadline = Date.now() + 20_000;
      let assessed: Record<string, any>[] = [];
      while (assessed.length < 2 && Date.now() < deadline) {
        await sleep(100);
        assessed = (await cb.get(`/cases/${caseId}/history`, SUPERVISOR)).body.events.filter((e: { type: string }) => e.type === 'PenaltyAssessed');
      }
      expect(assessed.map((a) => [a.data.policyVersion, a.metadata.policyVersions.penalty, a.data.lines[0].points, a.data.lines[0].amount])).toEqual([
        [1, 1, '-3.00', '-300.00'],
        [2, 2, '-5.00', '-250.00'],
      ]);
    } finally {
      await worker.stop();
    }
  });
});
