import { setTimeout as sleep } from 'node:timers/promises';
import {
  ADMIN,
  AGENT,
  as,
  Casebook,
  complaint,
  DEPUTY_GM,
  ENGINEER,
  GM,
  MANAGER,
  QUALITY,
  seedDirectory,
  SUPERVISOR,
  type Caller,
} from './support/casebook';

/**
 * The penalty notice (奖罚通知单, PRODUCT.md §14) through real HTTP and the real worker, the clock
 * moved on by restarting the service with a later CASEBOOK_CLOCK_START:
 *   Fri 2026-11-20: a valid major complaint closed costs engineering and security four lines;
 *                   November's notice cannot be issued yet.
 *   Tue 2026-12-01 09:00: the manager issues site-a's notice (objections until Fri 09:00);
 *                   engineering objects to two lines, one upheld by a waiver, one rejected by
 *                   the approver (the policy's noticeApprover); approval waits for the deadline.
 *   Fri 2026-12-04 09:00:30: the approver approves; the lines are final.
 */
const MONTH = '2026-11';
const ENG_SUPERVISOR = as('eng-sup', 'supervisor');
const NOTICE = `/penalties/notices/${MONTH}?siteId=site-a`;

describe('penalty notice (e2e)', () => {
  let cb: Casebook;
  let lastPosition = '0';
  /** The case's four lines: eng −6.00, eng-1 −2.40, sec −4.00, sec-1 −1.60. */
  let lines: string[];

  beforeAll(async () => {
    cb = await Casebook.start({ CASEBOOK_CLOCK_START: '2026-11-20T10:00:00+08:00' });
    await seedDirectory(cb);
    expect((await cb.post('/admin/staff', ADMIN, { id: 'eng-sup', name: '钱主管', role: 'supervisor', departmentId: 'eng', siteIds: ['site-a'] })).status).toBe(201);
    // The general manager acts on every site.
    expect((await cb.request('PATCH', '/admin/staff/gm-1', { as: ADMIN, body: { siteIds: ['site-a', 'site-b'] } })).status).toBe(200);
  });
  afterAll(() => cb.stop());

  async function command(path: string, who: Caller, body: unknown, status = 200) {
    const res = await cb.post(path, who, body);
    expect({ path, status: res.status, body: res.body }).toMatchObject({ status });
    if (res.body?.position) lastPosition = res.body.position;
    return res.body;
  }

  const get = (path: string, who: Caller = MANAGER) => cb.get(path, who, { 'casebook-min-position': lastPosition });

  /** Polls GET `path` until `ready(body)`; answers the last body. */
  async function until(path: string, ready: (body: any) => boolean, who: Caller = MANAGER) {
    const deadline = Date.now() + 20_000;
    for (;;) {
      const res = await cb.get(path, who);
      if (res.status === 200 && ready(res.body)) return res.body;
      if (Date.now() > deadline) throw new Error(`timed out on ${path}: ${res.status} ${JSON.stringify(res.body)}`);
      await sleep(100);
    }
  }

  const ledgerLine = async (lineId: string) => (await get(`/penalties?month=${MONTH}&siteId=site-a`)).body.items.find((l: { lineId: string }) => l.lineId === lineId);

  describe('during November', () => {
    it('a valid major complaint closed costs four lines', async () => {
      const { caseId } = await command('/cases', AGENT, complaint({ severity: 'major' }), 201);
      await command(`/cases/${caseId}/replies`, AGENT, { message: 'On it', channel: 'phone' });
      await command(`/cases/${caseId}/validation`, SUPERVISOR, { valid: true });
      await command(`/cases/${caseId}/assignment`, SUPERVISOR, { departmentId: 'eng', assigneeId: 'eng-1' });
      await command(`/cases/${caseId}/investigation`, QUALITY, {
        rootCause: 'Corroded joint',
        causeType: 'quality',
        responsibility: [
          { departmentId: 'eng', staffId: 'eng-1', share: '0.6' },
          { departmentId: 'sec', staffId: 'sec-1', share: '0.4' },
        ],
        countermeasures: 'Replace joints',
      });
      await command(`/cases/${caseId}/rectification`, ENGINEER, { description: 'Replaced' });
      await command(`/cases/${caseId}/return-visits`, AGENT, { method: 'phone', satisfaction: 'satisfied' });
      await command(`/cases/${caseId}/close`, SUPERVISOR, { summary: 'Done' });
      const ledger = await until(`/penalties?month=${MONTH}`, (body) => body.items.length === 4);
      lines = ledger.items.map((l: { lineId: string }) => l.lineId);
      expect(ledger.items.map((l: { targetId: string; effectivePoints: string }) => `${l.targetId} ${l.effectivePoints}`)).toEqual([
        'eng -6.00',
        'eng-1 -2.40',
        'sec -4.00',
        'sec-1 -1.60',
      ]);
      expect(ledger.items[0]).not.toHaveProperty('notice');
      expect(ledger.items[0]).not.toHaveProperty('objection');
    });

    it('the notice is none, with no lines, and cannot be issued while the month runs', async () => {
      expect((await get(NOTICE)).body).toEqual({ month: MONTH, siteId: 'site-a', status: 'none', lines: [], totals: { points: '0.00', amount: '0.00' } });
      expect((await cb.post(NOTICE, MANAGER, undefined)).body).toMatchObject({ status: 409, code: 'PRECONDITION_NOT_MET' });
      expect((await get(`/penalties/summary?month=${MONTH}`)).body.noticeStatus).toBe('none');
      expect((await get(`/reports/monthly/${MONTH}`)).body.noticeStatus).toBe('none');
    });
  });

  describe('on Tuesday 1 December, 09:00', () => {
    beforeAll(() => cb.restart({ CASEBOOK_CLOCK_START: '2026-12-01T09:00:00+08:00' }));

    it('who may issue, and where: a manager and above, a site of theirs, the all-sites notice with every site', async () => {
      expect((await cb.post(NOTICE, SUPERVISOR, undefined)).body).toMatchObject({ status: 403, code: 'FORBIDDEN' });
      expect((await cb.post(`/penalties/notices/${MONTH}?siteId=site-b`, MANAGER, undefined)).status).toBe(404);
      // The all-sites notice needs every site: the manager has site-a only (the general manager has both: below, 409).
      expect((await cb.post(`/penalties/notices/${MONTH}`, MANAGER, undefined)).body).toMatchObject({ status: 403, code: 'FORBIDDEN' });
      expect((await cb.post('/penalties/notices/2026-13?siteId=site-a', MANAGER, undefined)).body).toMatchObject({ status: 400, errors: [{ path: 'month' }] });
      expect((await cb.post(NOTICE, as('ghost', 'manager'), undefined)).body).toMatchObject({ status: 403, code: 'UNKNOWN_STAFF' });
    });

    it('the manager issues site-a’s notice: 201 with the month’s lines, their totals and the objection deadline', async () => {
      const res = await cb.post(NOTICE, MANAGER, undefined, { 'idempotency-key': 'notice-2026-11-site-a' });
      expect(res.status).toBe(201);
      expect(res.body).toEqual({
        month: MONTH,
        siteId: 'site-a',
        status: 'issued',
        issuedAt: expect.stringMatching(/^2026-12-01T01:00:\d\d\.\d{3}Z$/),
        objectionDeadline: expect.stringMatching(/^2026-12-04T01:00:\d\d\.\d{3}Z$/),
        lines: lines.map((lineId) => expect.objectContaining({ lineId, notice: { siteId: 'site-a', status: 'issued' } })),
        totals: { points: '-14.00', amount: '-1400.00' },
      });
      // A repeat with the same key answers the same; the all-sites notice now overlaps (409).
      expect((await cb.post(NOTICE, MANAGER, undefined, { 'idempotency-key': 'notice-2026-11-site-a' })).body).toEqual(res.body);
      expect((await cb.post(NOTICE, MANAGER, undefined)).body).toMatchObject({ status: 409, code: 'INVALID_STATE_TRANSITION' });
      expect((await cb.post(`/penalties/notices/${MONTH}`, as('gm-1', 'gm', ['site-a', 'site-b']), undefined)).body).toMatchObject({
        status: 409,
        code: 'PRECONDITION_NOT_MET',
      });
      expect((await get(NOTICE)).body).toEqual(res.body);
    });

    it('the summary and the monthly report say the notice is issued', async () => {
      expect((await until(`/penalties/summary?month=${MONTH}&siteId=site-a`, (b) => b.noticeStatus === 'issued')).noticeStatus).toBe('issued');
      expect((await get(`/reports/monthly/${MONTH}?siteId=site-a`)).body.noticeStatus).toBe('issued');
    });

    it('a supervisor of the charged department objects, once per line; another department is 403', async () => {
      // Line 1 charges eng itself; line 2 eng-1, of eng when it was recorded.
      const objected = await command(`/penalties/${lines[0]}/objection`, ENG_SUPERVISOR, { reason: 'The supplier delivered late' });
      expect(objected).toEqual({ month: MONTH, siteId: 'site-a', version: 1, position: expect.any(String), events: ['PenaltyObjected'] });
      await command(`/penalties/${lines[1]}/objection`, ENG_SUPERVISOR, { reason: 'eng-1 was on leave' });
      expect((await cb.post(`/penalties/${lines[2]}/objection`, ENG_SUPERVISOR, { reason: 'Not ours' })).body).toMatchObject({ status: 403, code: 'FORBIDDEN' });
      expect((await cb.post(`/penalties/${lines[2]}/objection`, SUPERVISOR, { reason: 'Not ours' })).body).toMatchObject({ status: 403, code: 'FORBIDDEN' });
      expect((await cb.post(`/penalties/${lines[0]}/objection`, ENG_SUPERVISOR, { reason: 'Again' })).body).toMatchObject({ status: 409, code: 'PRECONDITION_NOT_MET' });
      expect((await cb.post(`/penalties/${lines[0]}/objection`, ENG_SUPERVISOR, {})).body).toMatchObject({ status: 400, errors: [{ path: 'reason' }] });
      expect((await cb.post(`/penalties/00000000-0000-4000-8000-000000000000.1/objection`, ENG_SUPERVISOR, {})).status).toBe(404);
      expect(await ledgerLine(lines[0])).toMatchObject({ objection: { reason: 'The supplier delivered late', objectedBy: 'eng-sup', status: 'pending' } });
    });

    it('approval is refused while the objection window is open, and below the approver', async () => {
      expect((await cb.post(`/penalties/notices/${MONTH}/approval?siteId=site-a`, GM, undefined)).body).toMatchObject({
        status: 409,
        code: 'PRECONDITION_NOT_MET',
      });
      expect((await cb.post(`/penalties/notices/${MONTH}/approval?siteId=site-a`, MANAGER, undefined)).body).toMatchObject({ status: 403, code: 'FORBIDDEN' });
    });

    it('one objection is upheld by a waiver, the other rejected by the approver: the policy’s noticeApprover or above', async () => {
      await command(`/penalties/${lines[0]}/waiver`, MANAGER, { reason: 'Objection upheld: the supplier was late' });
      expect(await ledgerLine(lines[0])).toMatchObject({ waived: true, objection: { status: 'waived' } });
      expect((await cb.post(`/penalties/${lines[0]}/objection/decision`, GM, { decision: 'reject' })).body).toMatchObject({ status: 409, code: 'PRECONDITION_NOT_MET' });

      const decide = (who: Caller) => cb.post(`/penalties/${lines[1]}/objection/decision`, who, { decision: 'reject', comment: 'Leave was not approved' });
      expect((await decide(DEPUTY_GM)).body).toMatchObject({ status: 403, code: 'FORBIDDEN' });
      expect((await cb.post(`/penalties/${lines[1]}/objection/decision`, GM, { decision: 'uphold' })).body).toMatchObject({ status: 400, errors: [{ path: 'decision' }] });
      // The deputy general manager becomes the approver.
      const { policy } = (await cb.get('/admin/policies/penalty', ADMIN)).body;
      expect((await cb.request('PUT', '/admin/policies/penalty', { as: ADMIN, body: { ...policy, noticeApprover: 'deputy_gm' } })).status).toBe(200);
      expect((await decide(MANAGER)).body).toMatchObject({ status: 403, code: 'FORBIDDEN' });
      const rejected = await decide(DEPUTY_GM);
      expect(rejected.body).toMatchObject({ version: 3, events: ['PenaltyObjectionRejected'] });
      lastPosition = rejected.body.position;
      expect(await ledgerLine(lines[1])).toMatchObject({ objection: { reason: 'eng-1 was on leave', objectedBy: 'eng-sup', status: 'rejected' } });
    });
  });

  describe('on Friday 4 December, past the 09:00 deadline', () => {
    beforeAll(() => cb.restart({ CASEBOOK_CLOCK_START: '2026-12-04T09:00:30+08:00' }));

    it('the approver approves: 200 with the final lines and totals', async () => {
      const res = await cb.post(`/penalties/notices/${MONTH}/approval?siteId=site-a`, DEPUTY_GM, undefined);
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({
        status: 'approved',
        objectionDeadline: expect.stringMatching(/^2026-12-04T01:00:\d\d\.\d{3}Z$/),
        approvedAt: expect.stringMatching(/^2026-12-04T01:00:3\d\.\d{3}Z$/),
        totals: { points: '-8.00', amount: '-800.00' },
      });
      expect(Date.parse(res.body.approvedAt)).toBeGreaterThan(Date.parse(res.body.objectionDeadline));
      expect(res.body.lines.map((l: { objection?: { status: string } }) => l.objection?.status)).toEqual(['waived', 'rejected', undefined, undefined]);
      expect((await cb.post(`/penalties/notices/${MONTH}/approval?siteId=site-a`, DEPUTY_GM, undefined)).body).toMatchObject({
        status: 409,
        code: 'INVALID_STATE_TRANSITION',
      });
    });

    it('its lines are final: adjusting or waiving them is refused, objecting too', async () => {
      expect((await cb.post(`/penalties/${lines[2]}/adjustment`, MANAGER, { points: '-1.00', reason: 'Late' })).body).toMatchObject({
        status: 409,
        code: 'PRECONDITION_NOT_MET',
      });
      expect((await cb.post(`/penalties/${lines[3]}/waiver`, MANAGER, { reason: 'Late' })).body).toMatchObject({ status: 409, code: 'PRECONDITION_NOT_MET' });
      expect((await cb.post(`/penalties/${lines[3]}/objection`, as('sec-1', 'supervisor'), { reason: 'Late' })).body).toMatchObject({
        status: 409,
        code: 'INVALID_STATE_TRANSITION',
      });
    });

    it('the summary, the report (and its CSV) and the ledger say approved', async () => {
      const summary = await until(`/penalties/summary?month=${MONTH}&siteId=site-a`, (b) => b.noticeStatus === 'approved');
      expect(summary.departments).toEqual([
        { departmentId: 'eng', points: '-2.40', amount: '-240.00' },
        { departmentId: 'sec', points: '-5.60', amount: '-560.00' },
      ]);
      const report = (await get(`/reports/monthly/${MONTH}?siteId=site-a`)).body;
      expect(report).toMatchObject({ status: 'live', noticeStatus: 'approved', summary: { penaltyPoints: '-8.00' } });
      const csv = await fetch(`${cb.url}/api/v1/reports/monthly/${MONTH}.csv?siteId=site-a&lang=zh-CN`, { headers: { authorization: `Bearer ${cb.token(MANAGER)}` } });
      const rows = Buffer.from(await csv.arrayBuffer()).subarray(3).toString('utf8').trimEnd().split('\r\n');
      expect(rows[0]).toMatch(/,奖罚通知单$/);
      expect(rows.slice(1).every((row) => row.endsWith(',已核准'))).toBe(true);
      expect(await ledgerLine(lines[2])).toMatchObject({ notice: { siteId: 'site-a', status: 'approved' } });
      // The all-sites report: every site's lines are on approved notices (site-b has none).
      expect((await get(`/reports/monthly/${MONTH}`, as('gm-1', 'gm', ['*']))).body.noticeStatus).toBe('approved');
    });

    it('reading notices: supervisors up, the all-sites notice with every site only, none for another month', async () => {
      expect((await get(NOTICE, ENG_SUPERVISOR)).body.status).toBe('approved');
      expect((await get(NOTICE, AGENT)).status).toBe(403);
      expect((await get(`/penalties/notices/${MONTH}`)).status).toBe(403);
      expect((await get(`/penalties/notices/${MONTH}?siteId=site-b`)).status).toBe(404);
      expect((await get('/penalties/notices/2026-13?siteId=site-a')).status).toBe(400);
      expect((await get(`/penalties/notices/${MONTH}`, as('gm-1', 'gm', ['*']))).body).toMatchObject({ siteId: null, status: 'none', lines: [] });
    });
  });
});
