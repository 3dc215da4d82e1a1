import { setTimeout as sleep } from 'node:timers/promises';
import {
  ADMIN,
  AGENT,
  as,
  Casebook,
  complaint,
  ENGINEER,
  seedDirectory,
  SUPERVISOR,
  type Caller,
  type Response,
} from './support/casebook';

/**
 * GET /cases (API.md "Case queries"): every filter, newest-first order, cursor paging, limit
 * bounds, site scoping and read-your-writes, through real HTTP against a known set of cases.
 */
describe('case list (e2e)', () => {
  let cb: Casebook;

  /** The highest position any command of this file returned: every list waits for it. */
  let position = '0';
  const track = (p: string) => {
    if (BigInt(p) > BigInt(position)) position = p;
  };

  /** What this file knows about each case it logged, to compute what a filter must answer. */
  interface Known {
    caseId: string;
    caseNumber: string;
    siteId: string;
    kind: string;
    severity: string;
    category: string;
    status: string;
    subject: string;
    phone: string;
    receivedAt: string;
    departmentId: string | null;
    assigneeId: string | null;
    escalationLevel: string;
    overdue: boolean;
  }
  const cases: Record<string, Known> = {};

  // Whole seconds, so that instants round-trip exactly through the API's millisecond form.
  const T = Math.floor(Date.now() / 1000) * 1000;
  const minutesAgo = (m: number) => new Date(T - m * 60_000).toISOString();
  /** The same instant written with a +08:00 offset rather than Z. */
  const inShanghai = (iso: string) => new Date(Date.parse(iso) + 8 * 3600_000).toISOString().replace('Z', '+08:00');

  const AGENT_B = as('agent-b', 'agent', ['site-b']);
  /** A caller whose token has no `sites` claim: every site. */
  const EVERYWHERE: Caller = { sub: 'mgr-1', role: 'manager' };

  async function command(path: string, who: Caller, body: unknown) {
    const res = await cb.post(path, who, body);
    expect({ path, status: res.status, body: res.body }).toMatchObject({ status: path === '/cases' ? 201 : 200 });
    track(res.body.position);
    return res.body;
  }

  async function log(
    key: string,
    who: Caller,
    fields: { siteId?: string; kind?: string; severity?: string; category: string; subject: string; phone: string; receivedAt: string },
  ) {
    const { phone, ...rest } = fields;
    const body = complaint({ ...rest, complainant: { name: '王五', phone } });
    const res = await command('/cases', who, body);
    const major = (fields.severity ?? 'general') === 'major';
    cases[key] = {
      caseId: res.caseId,
      caseNumber: res.caseNumber,
      siteId: fields.siteId ?? 'site-a',
      kind: fields.kind ?? 'complaint',
      severity: fields.severity ?? 'general',
      category: fields.category,
      status: 'received',
      subject: fields.subject,
      phone,
      receivedAt: fields.receivedAt,
      departmentId: null,
      assigneeId: null,
      escalationLevel: major ? 'manager' : 'none',
      overdue: false,
    };
    return cases[key];
  }

  const list = (params: Record<string, string | number | boolean> = {}, who: Caller = AGENT, headers: Record<string, string> = {}) =>
    cb.get(`/cases?${new URLSearchParams(Object.entries(params).map(([k, v]): [string, string] => [k, String(v)]))}`, who, {
      'casebook-min-position': position,
      ...headers,
    });
  const ids = (res: Response) => {
    expect({ status: res.status, body: res.body }).toMatchObject({ status: 200 });
    return res.body.items.map((i: { caseId: string }) => i.caseId) as string[];
  };
  const idsOf = (...keys: string[]) => keys.map((k) => cases[k].caseId);

  /** The items are exactly these cases (any order), newest first by receivedAt. */
  function expectCases(res: Response, keys: string[]) {
    expect(ids(res).sort()).toEqual(idsOf(...keys).sort());
    const times = res.body.items.map((i: { receivedAt: string }) => Date.parse(i.receivedAt));
    expect(times).toEqual([...times].sort((a, b) => b - a));
    expect(res.body.nextCursor).toBeNull();
  }
  const where = (p: (c: Known) => boolean, site: 'site-a' | 'all' = 'site-a') =>
    Object.entries(cases)
      .filter(([, c]) => (site === 'all' || c.siteId === site) && p(c))
      .map(([k]) => k);

  beforeAll(async () => {
    cb = await Casebook.start();
    await seedDirectory(cb);
    const staff = await cb.post('/admin/staff', ADMIN, { id: 'agent-b', name: '陈客服', role: 'agent', departmentId: 'front', siteIds: ['site-b'] });
    expect(staff.status).toBe(201);

    // Logged out of receivedAt order, so that the order can only come from receivedAt.
    const major = await log('major', AGENT, {
      severity: 'major',
      category: 'repair_delay',
      subject: 'Water leaking from the CEILING',
      phone: '13800000003',
      receivedAt: minutesAgo(50),
    });
    const overdue = await log('overdue', AGENT, { category: 'noise', subject: 'Loud music at night', phone: '13800000001', receivedAt: minutesAgo(180) });
    await log('siteB', AGENT_B, {
      siteId: 'site-b',
      category: 'noise',
      subject: 'Noise from the ceiling upstairs',
      phone: '13800000003',
      receivedAt: minutesAgo(10),
    });
    await log('twin1', AGENT, { category: 'parking', subject: 'Car blocked in the garage', phone: '13800000006', receivedAt: minutesAgo(20) });
    await log('inquiry', AGENT, { kind: 'inquiry', category: 'fees', subject: 'Question about parking fees', phone: '13800000005', receivedAt: minutesAgo(30) });
    const replied = await log('replied', AGENT, { category: 'cleaning', subject: 'Corridor not cleaned', phone: '13800000002', receivedAt: minutesAgo(175) });
    await log('twin2', AGENT, { category: 'parking', subject: 'Car blocked at the gate', phone: '13800000007', receivedAt: minutesAgo(20) });
    const repair = await log('repair', AGENT, { kind: 'repair', category: 'repair_quality', subject: 'Door lock broken', phone: '13800000004', receivedAt: minutesAgo(40) });
    const onSpot = await log('onSpot', AGENT, { category: 'staff_attitude', subject: 'Rude guard at the gate', phone: '13800000008', receivedAt: minutesAgo(15) });

    // The first-reply clock (receivedAt + 2 h) of a case received 3 h ago is past due, unless replied.
    overdue.overdue = true;
    await command(`/cases/${replied.caseId}/replies`, AGENT, { message: 'We will clean it today', channel: 'phone' });

    await command(`/cases/${major.caseId}/assignment`, SUPERVISOR, { departmentId: 'eng', assigneeId: 'eng-1' });
    Object.assign(major, { status: 'in_progress', departmentId: 'eng', assigneeId: 'eng-1' });
    await command(`/cases/${repair.caseId}/assignment`, SUPERVISOR, { departmentId: 'sec', assigneeId: 'sec-1' });
    Object.assign(repair, { status: 'in_progress', departmentId: 'sec', assigneeId: 'sec-1' });
    await command(`/cases/${repair.caseId}/escalations`, AGENT, { level: 'supervisor', reason: 'customer called three times' });
    repair.escalationLevel = 'supervisor';
    await command(`/cases/${onSpot.caseId}/resolve-on-spot`, AGENT, { resolution: 'Apologised in person' });
    onSpot.status = 'resolved_on_spot';

    // The worker's SLA watcher breaches the overdue case's first_reply clock within seconds and
    // escalates it to supervisor (PRODUCT.md §4–5): wait for that, so the lists below are stable.
    // The replied case was logged past due too: its reply usually lands before the watcher
    // sweeps, but when the watcher wins that race, it is breached and escalated as well.
    const escalatedByBreach = async (c: Known) => {
      const events = (await cb.get(`/cases/${c.caseId}/history`, SUPERVISOR)).body.events as { type: string; position: string; data: { reason?: string } }[];
      return events.find((e) => e.type === 'CaseEscalated' && e.data.reason === 'sla_breach:first_reply');
    };
    for (const c of [overdue, replied]) {
      const deadline = Date.now() + 20_000;
      let escalation = await escalatedByBreach(c);
      if (c === replied && !escalation) {
        const events = (await cb.get(`/cases/${c.caseId}/history`, SUPERVISOR)).body.events as { type: string }[];
        if (!events.some((e) => e.type === 'SlaBreached')) continue;
      }
      while (!escalation && Date.now() < deadline) {
        await sleep(200);
        escalation = await escalatedByBreach(c);
      }
      if (!escalation) throw new Error(`case ${c.caseNumber} was not escalated after its breach`);
      track(escalation.position);
      c.escalationLevel = 'supervisor';
    }
  });
  afterAll(() => cb.stop());

  it('lists every case of the caller’s sites, newest first by receivedAt, as CaseSummary', async () => {
    const res = await list();
    const expected = where(() => true).sort((a, b) => Date.parse(cases[b].receivedAt) - Date.parse(cases[a].receivedAt));
    expect(ids(res).sort()).toEqual(idsOf(...expected).sort());
    expect(res.body.items.map((i: { receivedAt: string }) => i.receivedAt)).toEqual(expected.map((k) => cases[k].receivedAt));
    expect(res.body.nextCursor).toBeNull();

    for (const item of res.body.items) {
      const known = Object.values(cases).find((c) => c.caseId === item.caseId)!;
      expect(Object.keys(item).sort()).toEqual(
        [
          'caseId',
          'caseNumber',
          'kind',
          'status',
          'siteId',
          'category',
          'severity',
          'subject',
          'receivedAt',
          'assignment',
          'escalationLevel',
          'overdue',
          'updatedAt',
        ].sort(),
      );
      expect(item).toEqual({
        caseId: known.caseId,
        caseNumber: known.caseNumber,
        kind: known.kind,
        status: known.status,
        siteId: known.siteId,
        category: known.category,
        severity: known.severity,
        subject: known.subject,
        receivedAt: known.receivedAt,
        assignment: known.departmentId ? { departmentId: known.departmentId, assigneeId: known.assigneeId } : null,
        escalationLevel: known.escalationLevel,
        overdue: known.overdue,
        updatedAt: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/),
      });
      // updatedAt is the time of the case's last event: never before it was logged here (real clock).
      expect(Date.parse(item.updatedAt)).toBeGreaterThanOrEqual(T - 1000);
    }
  });

  it('filters by status, kind and severity', async () => {
    for (const status of ['received', 'in_progress', 'resolved_on_spot', 'closed']) {
      expectCases(await list({ status }), where((c) => c.status === status));
    }
    expectCases(await list({ status: 'in_progress' }), ['major', 'repair']);
    expectCases(await list({ kind: 'repair' }), ['repair']);
    expectCases(await list({ kind: 'inquiry' }), ['inquiry']);
    expectCases(await list({ kind: 'complaint' }), where((c) => c.kind === 'complaint'));
    expectCases(await list({ severity: 'major' }), ['major']);
    expectCases(await list({ severity: 'general' }), where((c) => c.severity === 'general'));
  });

  it('filters by siteId, departmentId and assigneeId', async () => {
    expectCases(await list({ siteId: 'site-a' }, EVERYWHERE), where(() => true, 'site-a'));
    expectCases(await list({ siteId: 'site-b' }, EVERYWHERE), ['siteB']);
    expectCases(await list({}, EVERYWHERE), where(() => true, 'all'));
    expectCases(await list({ departmentId: 'eng' }), ['major']);
    expectCases(await list({ departmentId: 'sec' }), ['repair']);
    expectCases(await list({ departmentId: 'qa' }), []);
    expectCases(await list({ assigneeId: 'eng-1' }), ['major']);
    expectCases(await list({ assigneeId: 'sec-1' }), ['repair']);
    expectCases(await list({ assigneeId: 'agent-1' }), []);
  });

  it('overdue=true: a first-reply clock past due and not stopped; a replied case is not overdue', async () => {
    const res = await list({ overdue: true });
    expectCases(res, ['overdue']);
    expect(res.body.items[0].overdue).toBe(true);
    const all = (await list()).body.items as { caseId: string; overdue: boolean }[];
    expect(all.find((i) => i.caseId === cases.replied.caseId)!.overdue).toBe(false);

    // The detail agrees: the logged-late case's first_reply clock is due 1 h ago and not stopped.
    const detail = await cb.get(`/cases/${cases.overdue.caseId}`, AGENT, { 'casebook-min-position': position });
    const firstReply = detail.body.sla.find((s: { clock: string }) => s.clock === 'first_reply');
    expect(firstReply).toMatchObject({ dueAt: minutesAgo(60), stoppedAt: null });
    const replied = await cb.get(`/cases/${cases.replied.caseId}`, AGENT, { 'casebook-min-position': position });
    // Replied 55 minutes late: the clock is stopped (as breached), so nothing is overdue any more.
    expect(replied.body.sla.find((s: { clock: string }) => s.clock === 'first_reply')).toMatchObject({
      status: 'breached',
      stoppedAt: expect.any(String),
    });
  });

  it('escalated=true: major complaints (escalated at logging) and manually escalated cases', async () => {
    const res = await list({ escalated: true });
    const got = ids(res);
    expect(got).toEqual(expect.arrayContaining(idsOf('major', 'repair')));
    // Never an unescalated case; the overdue case is, by its breach.
    expectCases(res, where((c) => c.escalationLevel !== 'none'));
    expect(got).toContain(cases.overdue.caseId);
    for (const key of ['inquiry', 'twin1', 'twin2', 'onSpot']) expect(got).not.toContain(cases[key].caseId);
    for (const item of res.body.items) expect(item.escalationLevel).not.toBe('none');
    expect(res.body.items.find((i: { caseId: string }) => i.caseId === cases.major.caseId).escalationLevel).toBe('manager');
    expect(res.body.items.find((i: { caseId: string }) => i.caseId === cases.repair.caseId).escalationLevel).toBe('supervisor');
  });

  it('q: case number and complainant phone exactly, subject as a case-insensitive substring', async () => {
    expectCases(await list({ q: cases.overdue.caseNumber }), ['overdue']);
    expectCases(await list({ q: cases.repair.caseNumber }), ['repair']);
    expectCases(await list({ q: cases.replied.phone }), ['replied']);
    // One phone, two sites: each caller finds only the cases of its own sites.
    expectCases(await list({ q: '13800000003' }), ['major']);
    expectCases(await list({ q: '13800000003' }, EVERYWHERE), ['major', 'siteB']);
    expectCases(await list({ q: '13800000003' }, AGENT_B), ['siteB']);

    expectCases(await list({ q: 'ceiling' }), ['major']);
    expectCases(await list({ q: 'cEiLiNg' }, EVERYWHERE), ['major', 'siteB']);
    expectCases(await list({ q: 'car blocked' }), ['twin1', 'twin2']);
    expectCases(await list({ q: 'PARKING' }), ['inquiry']);

    // Exact means exact: a partial phone or case number finds nothing.
    expectCases(await list({ q: '1380000000' }), []);
    expectCases(await list({ q: '3800000001' }), []);
    expectCases(await list({ q: '138000' }), []);
    expectCases(await list({ q: cases.overdue.caseNumber.slice(0, -1) }), []);
    expectCases(await list({ q: cases.overdue.caseNumber.split('-').slice(0, 2).join('-') }), []);
    // LIKE wildcards are taken literally.
    expectCases(await list({ q: '%' }), []);
    expectCases(await list({ q: '_' }), []);
    expectCases(await list({ q: 'no such words' }), []);
  });

  it('receivedFrom / receivedTo are inclusive instants, in any offset', async () => {
    const { major, inquiry, twin1 } = cases;
    expectCases(await list({ receivedFrom: major.receivedAt, receivedTo: inquiry.receivedAt }), ['major', 'repair', 'inquiry']);
    expectCases(await list({ receivedFrom: inShanghai(major.receivedAt), receivedTo: inShanghai(inquiry.receivedAt) }), [
      'major',
      'repair',
      'inquiry',
    ]);
    // One millisecond inside each bound drops the case at that bound.
    const plus1 = new Date(Date.parse(major.receivedAt) + 1).toISOString();
    const minus1 = new Date(Date.parse(inquiry.receivedAt) - 1).toISOString();
    expectCases(await list({ receivedFrom: plus1, receivedTo: minus1 }), ['repair']);
    // A single instant, both bounds equal: both cases received then.
    expectCases(await list({ receivedFrom: twin1.receivedAt, receivedTo: twin1.receivedAt }), ['twin1', 'twin2']);
    // Open-ended.
    expectCases(await list({ receivedFrom: minutesAgo(20) }), where((c) => Date.parse(c.receivedAt) >= T - 20 * 60_000));
    expectCases(await list({ receivedTo: minutesAgo(175) }), ['overdue', 'replied']);
    expectCases(await list({ receivedFrom: minutesAgo(1), receivedTo: minutesAgo(2) }), []);
  });

  it('combines filters with AND', async () => {
    expectCases(await list({ status: 'received', severity: 'general', kind: 'complaint' }), where(
      (c) => c.status === 'received' && c.severity === 'general' && c.kind === 'complaint',
    ));
    expectCases(await list({ status: 'in_progress', escalated: true, departmentId: 'sec' }), ['repair']);
    expectCases(await list({ q: 'car', receivedFrom: minutesAgo(20), receivedTo: minutesAgo(20) }), ['twin1', 'twin2']);
    expectCases(await list({ overdue: true, q: 'music' }), ['overdue']);
    expectCases(await list({ overdue: true, q: 'corridor' }), []);
    expectCases(await list({ siteId: 'site-b', q: 'ceiling' }, EVERYWHERE), ['siteB']);
  });

  it('walks every page with a cursor: no duplicates, no gaps, nextCursor null at the end', async () => {
    async function walk(params: Record<string, string | number | boolean>, limit: number, who: Caller = AGENT) {
      const seen: string[] = [];
      let cursor: string | null = null;
      for (let page = 0; page < 50; page++) {
        const res = await list({ ...params, limit, ...(cursor ? { cursor } : {}) }, who);
        const pageIds = ids(res);
        expect(pageIds.length).toBeLessThanOrEqual(limit);
        seen.push(...pageIds);
        cursor = res.body.nextCursor;
        if (cursor === null) return seen;
        // A cursor is only handed out with a full page.
        expect(pageIds).toHaveLength(limit);
        expect(typeof cursor).toBe('string');
      }
      throw new Error('paging did not end');
    }

    for (const [params, who] of [
      [{}, AGENT],
      [{}, EVERYWHERE],
      [{ status: 'received' }, AGENT],
      [{ q: 'car' }, AGENT],
    ] as [Record<string, string>, Caller][]) {
      const whole = ids(await list({ ...params, limit: 200 }, who));
      for (const limit of [1, 2, 3]) {
        const walked = await walk(params, limit, who);
        expect(new Set(walked).size).toBe(walked.length);
        expect(walked).toEqual(whole);
      }
    }
    // site-a holds 8 cases: with limit=2 the 4th page is full and is the last (no empty page after it).
    expect(where(() => true)).toHaveLength(8);
    let res = await list({ limit: 2 });
    let pages = 1;
    while (res.body.nextCursor) {
      res = await list({ limit: 2, cursor: res.body.nextCursor });
      pages++;
    }
    expect({ pages, last: res.body.items.length }).toEqual({ pages: 4, last: 2 });
    // Default and maximum limits answer everything in one page here.
    expect((await list({ limit: 200 })).body.nextCursor).toBeNull();
  });

  it('refuses a limit outside 1–200 and malformed filters with 400 VALIDATION_FAILED', async () => {
    for (const [params, path] of [
      [{ limit: 0 }, 'limit'],
      [{ limit: 201 }, 'limit'],
      [{ limit: -1 }, 'limit'],
      [{ limit: 1.5 }, 'limit'],
      [{ limit: 'ten' }, 'limit'],
      [{ status: 'open' }, 'status'],
      [{ kind: 'complaints' }, 'kind'],
      [{ severity: 'minor' }, 'severity'],
      [{ overdue: 'yes' }, 'overdue'],
      [{ escalated: '1' }, 'escalated'],
      [{ receivedFrom: 'yesterday' }, 'receivedFrom'],
      [{ receivedTo: '2026-11-23T10:00:00' }, 'receivedTo'],
      [{ siteId: 'site a' }, 'siteId'],
      [{ q: '' }, 'q'],
      [{ sort: 'asc' }, 'sort'],
    ] as [Record<string, string | number>, string][]) {
      const res = await list(params);
      expect({ params, status: res.status, code: res.body.code }).toEqual({ params, status: 400, code: 'VALIDATION_FAILED' });
      expect(res.headers.get('content-type')).toContain('application/problem+json');
      expect(res.body.errors).toEqual(expect.arrayContaining([expect.objectContaining({ path })]));
    }
    expect(ids(await list({ limit: 1 }))).toHaveLength(1);
    expect(ids(await list({ limit: 200 }))).toHaveLength(8);
  });

  it('refuses a cursor it did not make with 400 (never a 500)', async () => {
    const encode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
    const real = (await list({ limit: 1 })).body.nextCursor as string;
    const [receivedAt, caseId] = JSON.parse(Buffer.from(real, 'base64url').toString('utf8'));
    for (const cursor of [
      'garbage',
      '!!!not base64!!!',
      encode({ receivedAt, caseId }),
      encode([receivedAt]),
      encode([receivedAt, caseId, 'extra']),
      encode([1, caseId]),
      encode(['not a date', caseId]),
      encode(['1', caseId]),
      encode(['2026-02-30T00:00:00.000Z', caseId]),
      encode([receivedAt, 'not-a-uuid']),
      encode([receivedAt, 42]),
      encode(null),
    ]) {
      const res = await list({ cursor });
      expect({ cursor, status: res.status, code: res.body.code }).toEqual({ cursor, status: 400, code: 'VALIDATION_FAILED' });
      expect(res.body.errors).toEqual([expect.objectContaining({ path: 'cursor' })]);
    }
    // The real one still works.
    expect(ids(await list({ cursor: real }))).toHaveLength(7);
  });

  it('covers only the caller’s sites: another site is invisible, its siteId is 404; no sites claim sees all', async () => {
    // A caller of site-b sees none of site-a's cases, even searching for them.
    const b = await list({}, AGENT_B);
    expectCases(b, ['siteB']);
    expectCases(await list({ q: cases.overdue.caseNumber }, AGENT_B), []);
    expectCases(await list({ q: cases.major.phone }, AGENT_B), ['siteB']);
    // Asking for a site the caller may not see is 404, like a site that does not exist.
    for (const [siteId, who] of [
      ['site-a', AGENT_B],
      ['site-b', AGENT],
      ['site-z', AGENT],
    ] as [string, Caller][]) {
      const res = await list({ siteId }, who);
      expect({ siteId, status: res.status, code: res.body.code }).toEqual({ siteId, status: 404, code: 'NOT_FOUND' });
    }
    // No `sites` claim, or ["*"]: every site. A query's sub need not be registered staff.
    const everything = where(() => true, 'all');
    expectCases(await list({}, EVERYWHERE), everything);
    expectCases(await list({}, { sub: 'auditor-x', role: 'auditor', sites: ['*'] }), everything);
    expectCases(await list({}, { sub: 'not-staff', role: 'quality' }), everything);
    // Two sites in the claim: both.
    expectCases(await list({}, as('mgr-1', 'manager', ['site-a', 'site-b'])), everything);
    // A handler sees every case of its sites, not only its department's.
    expectCases(await list({}, ENGINEER), where(() => true));
    // Without a token: 401.
    expect((await cb.request('GET', '/cases')).status).toBe(401);
  });

  it('Casebook-Min-Position: right after a command, its position makes the list include the change', async () => {
    for (let i = 0; i < 5; i++) {
      const logged = await cb.post('/cases', AGENT, complaint({ subject: `Read your writes ${i}` }));
      expect(logged.status).toBe(201);
      const found = await list({ q: logged.body.caseNumber }, AGENT, { 'casebook-min-position': logged.body.position });
      expect(ids(found)).toEqual([logged.body.caseId]);

      const escalated = await cb.post(`/cases/${logged.body.caseId}/escalations`, AGENT, { level: 'gm', reason: 'urgent' });
      expect(escalated.status).toBe(200);
      const after = await list({ escalated: true, q: logged.body.caseNumber }, AGENT, { 'casebook-min-position': escalated.body.position });
      expect(after.body.items).toEqual([expect.objectContaining({ caseId: logged.body.caseId, escalationLevel: 'gm' })]);

      const assigned = await cb.post(`/cases/${logged.body.caseId}/assignment`, SUPERVISOR, { departmentId: 'eng', assigneeId: 'eng-1' });
      const byStatus = await list({ status: 'in_progress', q: `Read your writes ${i}` }, AGENT, { 'casebook-min-position': assigned.body.position });
      expect(byStatus.body.items).toEqual([
        expect.objectContaining({ caseId: logged.body.caseId, assignment: { departmentId: 'eng', assigneeId: 'eng-1' } }),
      ]);
      track(assigned.body.position);
    }
  });

  it('refuses a malformed Casebook-Min-Position with 400; one never reached is 503 PROJECTION_LAGGING with Retry-After', async () => {
    for (const header of ['abc', '-1', '1.0', '0x10', '12 34', '123456789012345678901']) {
      const res = await list({}, AGENT, { 'casebook-min-position': header });
      expect({ header, status: res.status, code: res.body.code }).toEqual({ header, status: 400, code: 'VALIDATION_FAILED' });
      expect(res.body.errors).toEqual([expect.objectContaining({ path: 'Casebook-Min-Position' })]);
    }
    // Both wait the full 5 s, so in parallel. The second does not fit a bigint: still not a 500.
    const [far, farther] = await Promise.all(
      ['9223372036854775807', '99999999999999999999'].map((header) => list({}, AGENT, { 'casebook-min-position': header })),
    );
    for (const res of [far, farther]) {
      expect({ status: res.status, code: res.body.code }).toEqual({ status: 503, code: 'PROJECTION_LAGGING' });
      expect(res.headers.get('retry-after')).toMatch(/^\d+$/);
    }
  }, 20_000);
});
