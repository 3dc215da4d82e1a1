import { AGENT, AUDITOR, Casebook, complaint, ENGINEER, seedDirectory, SUPERVISOR, type Caller } from './support/casebook';

/** The other ways a case closes (PRODUCT.md §3), numbering under load, and erasure (§9). */
describe('case paths (e2e)', () => {
  let cb: Casebook;

  beforeAll(async () => {
    cb = await Casebook.start();
    await seedDirectory(cb);
  });
  afterAll(() => cb.stop());

  const ok = async (path: string, who: Caller, body: unknown) => {
    const res = await cb.post(path, who, body);
    expect({ path, status: res.status, body: res.body }).toMatchObject({ status: res.status < 300 ? res.status : 200 });
    return res.body;
  };
  const closeRefusal = async (id: string) => (await cb.post(`/cases/${id}/close`, SUPERVISOR, { summary: 'x' })).body;
  const outcome = async (id: string, position: string) =>
    (await cb.get(`/cases/${id}`, AGENT, { 'casebook-min-position': position })).body;

  it('an invalid complaint closes once the complainant was answered after the invalidation', async () => {
    const { caseId } = await ok('/cases', AGENT, complaint());
    await ok(`/cases/${caseId}/replies`, AGENT, { message: 'Looking into it', channel: 'phone' });
    const invalidated = await ok(`/cases/${caseId}/validation`, SUPERVISOR, { valid: false, reason: 'malicious' });
    expect(invalidated.events).toEqual(['ComplaintInvalidated']);
    expect(await closeRefusal(caseId)).toMatchObject({ code: 'PRECONDITION_NOT_MET', missing: ['reply_after_invalidation'] });
    expect((await cb.post(`/cases/${caseId}/assignment`, SUPERVISOR, { departmentId: 'eng', assigneeId: 'eng-1' })).body.code).toBe(
      'INVALID_STATE_TRANSITION',
    );
    await ok(`/cases/${caseId}/replies`, AGENT, { message: 'Your complaint was found unfounded', channel: 'letter' });
    const closed = await ok(`/cases/${caseId}/close`, SUPERVISOR, { summary: 'Invalid' });
    expect(await outcome(caseId, closed.position)).toMatchObject({ status: 'closed', outcome: 'invalid', validity: 'invalid', invalidReason: 'malicious' });
  });

  it('a case resolved on the spot closes after one return visit', async () => {
    const { caseId } = await ok('/cases', AGENT, complaint({ category: 'staff_attitude' }));
    await ok(`/cases/${caseId}/resolve-on-spot`, AGENT, { resolution: 'Apologised in person' });
    expect(await closeRefusal(caseId)).toMatchObject({ missing: ['return_visit'] });
    await ok(`/cases/${caseId}/return-visits`, AGENT, { method: 'phone', satisfaction: 'very_satisfied' });
    const closed = await ok(`/cases/${caseId}/close`, SUPERVISOR, { summary: 'Resolved' });
    const c = await outcome(caseId, closed.position);
    expect(c).toMatchObject({ status: 'closed', outcome: 'resolved_on_spot' });
    expect(c.sla.find((s: { clock: string }) => s.clock === 'first_reply').status).toBe('met');
  });

  it('an inquiry closes once answered; a repair once done and visited', async () => {
    const inquiry = await ok('/cases', AGENT, complaint({ kind: 'inquiry', category: 'fees' }));
    expect(inquiry.caseNumber).toMatch(/^IQ-/);
    expect(await closeRefusal(inquiry.caseId)).toMatchObject({ missing: ['reply'] });
    await ok(`/cases/${inquiry.caseId}/replies`, AGENT, { message: 'Fees are due on the 5th', channel: 'wechat' });
    let closed = await ok(`/cases/${inquiry.caseId}/close`, SUPERVISOR, { summary: 'Answered' });
    expect((await outcome(inquiry.caseId, closed.position)).outcome).toBe('answered');

    const repair = await ok('/cases', AGENT, complaint({ kind: 'repair' }));
    expect(repair.caseNumber).toMatch(/^RP-/);
    await ok(`/cases/${repair.caseId}/assignment`, SUPERVISOR, { departmentId: 'eng', assigneeId: 'eng-1' });
    await ok(`/cases/${repair.caseId}/rectification`, ENGINEER, { description: 'Tap replaced' });
    await ok(`/cases/${repair.caseId}/return-visits`, AGENT, { method: 'sms', satisfaction: 'satisfied' });
    closed = await ok(`/cases/${repair.caseId}/close`, SUPERVISOR, { summary: 'Done' });
    expect((await outcome(repair.caseId, closed.position)).outcome).toBe('completed');
  });

  it('approves a settlement of amount 0 as it is proposed', async () => {
    const { caseId } = await ok('/cases', AGENT, complaint());
    await ok(`/cases/${caseId}/assignment`, SUPERVISOR, { departmentId: 'eng', assigneeId: 'eng-1' });
    const res = await ok(`/cases/${caseId}/settlement`, SUPERVISOR, { type: 'apology', amount: '0', description: 'Written apology' });
    expect(res.events).toEqual(['SettlementProposed', 'SettlementApproved']);
    const history = (await cb.get(`/cases/${caseId}/history`, AGENT)).body.events;
    expect(history.at(-2).data).toMatchObject({ amount: '0.00', requiredRole: 'none' });
    expect(history.at(-1).data).toMatchObject({ decidedBy: 'system', decidedByRole: 'system' });
  });

  it('gives 200 concurrent loggings 200 distinct, consecutive case numbers', async () => {
    const results = await Promise.all(
      Array.from({ length: 200 }, () => cb.post('/cases', AGENT, complaint({ kind: 'suggestion', category: 'other' }))),
    );
    expect(results.map((r) => r.status)).toEqual(Array(200).fill(201));
    const serials = results.map((r) => Number(r.body.caseNumber.split('-')[2])).sort((a, b) => a - b);
    expect(serials).toEqual(Array.from({ length: 200 }, (_, i) => i + 1));
  });

  it('erases personal data everywhere, history included, and keeps the case', async () => {
    const { caseId } = await ok('/cases', AGENT, complaint());
    expect((await cb.post(`/cases/${caseId}/erase-personal-data`, SUPERVISOR, { reason: 'request' })).body.code).toBe('FORBIDDEN');
    const erased = await ok(`/cases/${caseId}/erase-personal-data`, AUDITOR, { reason: 'PIPL erasure request' });
    const c = await outcome(caseId, erased.position);
    expect(c).toMatchObject({ personalDataErased: true, complainant: { name: null, phone: null, unit: null, email: null }, subject: complaint().subject });
    const logged = (await cb.get(`/cases/${caseId}/history`, AGENT)).body.events[0];
    expect(logged.data.complainant).toEqual({ name: null, phone: null, unit: null, company: null, email: null });
    expect((await cb.get(`/cases/${caseId}/integrity`, AGENT)).body.valid).toBe(true);
    expect((await cb.get('/cases?q=13812345678', AGENT)).body.items.map((i: { caseId: string }) => i.caseId)).not.toContain(caseId);
  });
});
