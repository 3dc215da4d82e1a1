import {
  ADMIN,
  AGENT,
  as,
  AUDITOR,
  Casebook,
  complaint,
  ENGINEER,
  QUALITY,
  SECURITY,
  seedDirectory,
  SUPERVISOR,
  type Caller,
} from './support/casebook';

/**
 * Every refusal answers its problem code and appends nothing (PRODUCT.md §3, API.md "Errors"):
 * after each refused command the case stream is exactly as long as before.
 */
describe('case command refusals (e2e)', () => {
  let cb: Casebook;

  beforeAll(async () => {
    cb = await Casebook.start();
    await seedDirectory(cb);
  });
  afterAll(() => cb.stop());

  const newCase = async (overrides: Record<string, unknown> = {}) => {
    const res = await cb.post('/cases', AGENT, complaint(overrides));
    expect(res.status).toBe(201);
    return res.body.caseId as string;
  };
  const eventCount = async (caseId: string) => (await cb.get(`/cases/${caseId}/history`, AGENT)).body.events.length;
  const run = async (caseId: string, path: string, who: Caller, body: unknown) => {
    const res = await cb.post(`/cases/${caseId}${path}`, who, body);
    expect(res.status).toBeLessThan(300);
  };

  /** Sends the command, expects the refusal, and checks nothing was appended. */
  async function refused(caseId: string, path: string, who: Caller, body: unknown, status: number, code: string) {
    const before = await eventCount(caseId);
    const res = await cb.post(`/cases/${caseId}${path}`, who, body);
    expect({ status: res.status, code: res.body?.code }).toEqual({ status, code });
    expect(res.headers.get('content-type')).toContain('application/problem+json');
    expect(await eventCount(caseId)).toBe(before);
    return res.body;
  }

  it('refuses commands the state machine does not allow, with 409 INVALID_STATE_TRANSITION', async () => {
    const id = await newCase();
    await refused(id, '/investigation', QUALITY, { rootCause: 'x', causeType: 'external', responsibility: [], countermeasures: 'y' }, 409, 'INVALID_STATE_TRANSITION');
    await refused(id, '/rectification', ENGINEER, { description: 'done' }, 409, 'INVALID_STATE_TRANSITION');
    await refused(id, '/return-visits', AGENT, { method: 'phone', satisfaction: 'satisfied' }, 409, 'INVALID_STATE_TRANSITION');
    await refused(id, '/settlement', SUPERVISOR, { type: 'apology', amount: '0', description: 'sorry' }, 409, 'INVALID_STATE_TRANSITION');
    await refused(id, '/settlement/decision', SUPERVISOR, { decision: 'approve' }, 409, 'INVALID_STATE_TRANSITION');
    await refused(id, '/reopen', SUPERVISOR, { reason: 'x' }, 409, 'INVALID_STATE_TRANSITION');

    await run(id, '/assignment', SUPERVISOR, { departmentId: 'eng', assigneeId: 'eng-1' });
    await refused(id, '/resolve-on-spot', AGENT, { resolution: 'fixed' }, 409, 'INVALID_STATE_TRANSITION');
    await refused(id, '/settlement/customer-response', AGENT, { accepted: true }, 409, 'INVALID_STATE_TRANSITION');
  });

  it('refuses a role below the command’s minimum with 403 FORBIDDEN, and a handler of another department', async () => {
    const id = await newCase();
    await refused(id, '/validation', AGENT, { valid: true }, 403, 'FORBIDDEN');
    await refused(id, '/assignment', AGENT, { departmentId: 'eng', assigneeId: 'eng-1' }, 403, 'FORBIDDEN');
    await refused(id, '/close', AGENT, { summary: 'x' }, 403, 'FORBIDDEN');
    await refused(id, '/replies', AUDITOR, { message: 'hi', channel: 'phone' }, 403, 'FORBIDDEN');
    await run(id, '/assignment', SUPERVISOR, { departmentId: 'eng', assigneeId: 'eng-1' });
    await refused(id, '/rectification', SECURITY, { description: 'not mine' }, 403, 'FORBIDDEN');
    await refused(id, '/investigation', SECURITY, { rootCause: 'x', causeType: 'human', responsibility: [{ departmentId: 'sec', share: 1 }], countermeasures: 'y' }, 403, 'FORBIDDEN');
  });

  it('names what is missing when a case cannot close yet (409 PRECONDITION_NOT_MET)', async () => {
    const id = await newCase({ severity: 'major' });
    let problem = await refused(id, '/close', SUPERVISOR, { summary: 'x' }, 409, 'PRECONDITION_NOT_MET');
    // A complaint nobody judged names the judgement first (PRODUCT.md §3).
    expect(problem.missing).toEqual(['validation', 'assignment', 'rectification', 'return_visit', 'investigation']);

    await run(id, '/validation', SUPERVISOR, { valid: true });
    await run(id, '/assignment', SUPERVISOR, { departmentId: 'eng', assigneeId: 'eng-1' });
    await run(id, '/settlement', SUPERVISOR, { type: 'discount', amount: '200.00', description: 'fee discount' });
    await run(id, '/rectification', ENGINEER, { description: 'fixed' });
    await run(id, '/return-visits', AGENT, { method: 'visit', satisfaction: 'neutral' });
    problem = await refused(id, '/close', SUPERVISOR, { summary: 'x' }, 409, 'PRECONDITION_NOT_MET');
    expect(problem.missing).toEqual(['investigation', 'settlement_accepted (latest is pending)']);
  });

  it('refuses an escalation that is not above the current level', async () => {
    const id = await newCase({ severity: 'major' });
    await refused(id, '/escalations', AGENT, { level: 'supervisor', reason: 'x' }, 409, 'PRECONDITION_NOT_MET');
    await run(id, '/escalations', AGENT, { level: 'gm', reason: 'customer threatens media' });
    expect((await cb.get(`/cases/${id}/history`, AGENT)).body.events.at(-1).data).toMatchObject({ level: 'gm', reason: 'manual', note: 'customer threatens media' });
  });

  it('refuses bad input with 400 and one entry per offending field', async () => {
    const id = await newCase();
    let problem = await refused(id, '/replies', AGENT, { message: '', channel: 'pigeon', extra: 1 }, 400, 'VALIDATION_FAILED');
    expect(problem.errors.map((e: { path: string }) => e.path).sort()).toEqual(['channel', 'extra', 'message']);
    problem = await refused(id, '/investigation', QUALITY, { rootCause: 'x', causeType: 'human', responsibility: [{ departmentId: 'eng', share: '0.5' }, { departmentId: 'sec', share: 0.6 }], countermeasures: 'y' }, 400, 'VALIDATION_FAILED');
    expect(problem.errors).toEqual([expect.objectContaining({ path: 'responsibility' })]);
    await refused(id, '/replies', AGENT, { message: 'a\u0000b', channel: 'phone' }, 400, 'VALIDATION_FAILED');
    await refused(id, '/assignment', SUPERVISOR, { departmentId: 'eng', assigneeId: 'sec-1' }, 400, 'VALIDATION_FAILED');

    const log = await cb.post('/cases', AGENT, complaint({ complainant: { name: '', phone: 'abc' }, receivedAt: '2020-01-01T00:00:00Z' }));
    expect(log.status).toBe(400);
    expect(log.body.errors.map((e: { path: string }) => e.path).sort()).toEqual(['complainant.name', 'complainant.phone']);
    const old = await cb.post('/cases', AGENT, complaint({ receivedAt: '2020-01-01T00:00:00Z' }));
    expect(old.body).toMatchObject({ status: 400, errors: [{ path: 'receivedAt' }] });
    const nulls = await cb.post('/cases', AGENT, complaint({ market: null, complainant: { name: '张三', phone: '13812345678', unit: null } }));
    expect(nulls.body.errors.map((e: { path: string }) => e.path).sort()).toEqual(['complainant.unit', 'market']);
    const malformed = await cb.request('POST', '/cases', { as: AGENT, rawBody: '{"kind":' });
    expect(malformed.body).toMatchObject({ status: 400, code: 'VALIDATION_FAILED' });
  });

  it('answers 401, 403 UNKNOWN_STAFF and 404 in the API’s order of precedence', async () => {
    const id = await newCase();
    expect((await cb.request('POST', `/cases/${id}/replies`, { body: { message: 'x', channel: 'phone' } })).status).toBe(401);
    expect((await cb.request('GET', '/cases', { token: 'not-a-jwt' })).body.code).toBe('UNAUTHENTICATED');
    const expired = cb.token(AGENT, -10);
    expect((await cb.request('GET', '/cases', { token: expired })).status).toBe(401);

    const stranger = as('nobody', 'agent');
    await refused(id, '/replies', stranger, { bad: true }, 403, 'UNKNOWN_STAFF');
    const otherSite = as('agent-1', 'agent', ['site-b']);
    await refused(id, '/replies', otherSite, { bad: true }, 404, 'NOT_FOUND');
    expect((await cb.get(`/cases/${id}`, otherSite)).status).toBe(404);
    expect((await cb.get('/cases?siteId=site-a', otherSite)).status).toBe(404);
    expect((await cb.get('/cases/not-a-uuid', AGENT)).status).toBe(404);
    expect((await cb.post('/cases', otherSite, complaint())).status).toBe(404);
    await refused(id, '/close', AGENT, { bad: true }, 400, 'VALIDATION_FAILED');
  });

  it('refuses a stale If-Match with 412 and applies a matching one', async () => {
    const id = await newCase();
    const stale = await cb.post(`/cases/${id}/replies`, AGENT, { message: 'x', channel: 'phone' }, { 'if-match': '"5"' });
    expect(stale.body).toMatchObject({ status: 412, code: 'CONCURRENCY_CONFLICT' });
    expect(await eventCount(id)).toBe(1);
    const ok = await cb.post(`/cases/${id}/replies`, AGENT, { message: 'x', channel: 'phone' }, { 'if-match': '"0"' });
    expect(ok.body).toMatchObject({ version: 1 });
  });

  it('replays a repeated Idempotency-Key and refuses its reuse with another body', async () => {
    const key = { 'idempotency-key': 'log-once-1' };
    const first = await cb.post('/cases', AGENT, complaint(), key);
    const again = await cb.post('/cases', AGENT, complaint(), key);
    expect(again.status).toBe(201);
    expect(again.body).toEqual(first.body);
    const reused = await cb.post('/cases', AGENT, complaint({ subject: 'another' }), key);
    expect(reused.body).toMatchObject({ status: 422, code: 'IDEMPOTENCY_KEY_REUSED' });
    const list = await cb.get(`/cases?q=${first.body.caseNumber}`, AGENT, { 'casebook-min-position': first.body.position });
    expect(list.body.items).toHaveLength(1);
  });

  it('keeps the directory admin-only', async () => {
    const res = await cb.post('/admin/sites', SUPERVISOR, { code: 'X', name: 'X' });
    expect(res.body).toMatchObject({ status: 403, code: 'FORBIDDEN' });
    const dup = await cb.post('/admin/sites', ADMIN, { id: 'site-a', code: 'A', name: 'again' });
    expect(dup.body).toMatchObject({ status: 409, code: 'DUPLICATE_ID' });
    expect((await cb.get('/admin/staff', AGENT)).body.map((s: { id: string }) => s.id)).toContain('eng-1');
  });
});
