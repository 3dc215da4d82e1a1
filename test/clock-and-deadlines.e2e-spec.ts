import { AGENT, Casebook, complaint, seedDirectory, SUPERVISOR, type Caller } from './support/casebook';

/**
 * Deadlines under the injected clock (CASEBOOK_CLOCK_START, libs/platform config + clock) and
 * the mainland-China working calendar (PRODUCT.md §4): the clock starts on the eve of the
 * 2026 National Day holiday (Oct 1–7; Sun Sep 20 and Sat Oct 10 are adjusted working days).
 */
describe('clock and deadlines (e2e)', () => {
  const CLOCK_START = '2026-09-30T10:00:00+08:00';
  const START_MS = Date.parse(CLOCK_START); // 2026-09-30T02:00:00.000Z
  const HOUR = 3600_000;
  const DAY = 24 * HOUR;
  let cb: Casebook;
  let position = '0';

  beforeAll(async () => {
    cb = await Casebook.start({ CASEBOOK_CLOCK_START: CLOCK_START });
    await seedDirectory(cb);
  });
  afterAll(() => cb.stop());

  async function command(path: string, who: Caller, body: unknown) {
    const res = await cb.post(path, who, body);
    expect({ path, status: res.status, body: res.body }).toMatchObject({ status: path === '/cases' ? 201 : 200 });
    if (BigInt(res.body.position) > BigInt(position)) position = res.body.position;
    return res.body;
  }
  const detail = async (caseId: string) => {
    const res = await cb.get(`/cases/${caseId}`, AGENT, { 'casebook-min-position': position });
    expect(res.status).toBe(200);
    return res.body;
  };
  const clockOf = (c: { sla: { clock: string }[] }, clock: string) => c.sla.find((s) => s.clock === clock) as Record<string, string> | undefined;
  /** Logs a case and assigns it to engineering; answers the case as the read model shows it. */
  async function logAndAssign(overrides: Record<string, unknown>) {
    const logged = await command('/cases', AGENT, complaint(overrides));
    await command(`/cases/${logged.caseId}/assignment`, SUPERVISOR, { departmentId: 'eng', assigneeId: 'eng-1' });
    return { logged, c: await detail(logged.caseId) };
  }
  /** The Shanghai wall-clock time of day of an instant, HH:mm:ss.SSS. */
  const shanghaiTimeOfDay = (iso: string) => new Date(Date.parse(iso) + 8 * HOUR).toISOString().slice(11, 23);

  it('a major complaint logged "now" gets the injected now as receivedAt, and deadlines from it', async () => {
    const { logged, c } = await logAndAssign({ severity: 'major' });
    // Case numbers take the month of logging in Asia/Shanghai from the injected clock, not the real one.
    expect(logged.caseNumber).toMatch(/^CP-202609-\d{4}$/);

    // The injected clock started at 10:00 Shanghai and runs in real time since the service started.
    const received = Date.parse(c.receivedAt);
    expect(received).toBeGreaterThanOrEqual(START_MS);
    expect(received).toBeLessThan(START_MS + 60_000);

    expect(clockOf(c, 'first_reply')).toMatchObject({ startedAt: c.receivedAt, dueAt: new Date(received + 2 * HOUR).toISOString(), status: 'running' });
    expect(clockOf(c, 'resolution')).toMatchObject({ dueAt: new Date(received + 15 * DAY).toISOString(), status: 'running' });

    // Rectification: receivedAt + 1 working day, skipping Oct 1–7, keeping the time of day.
    const rectification = clockOf(c, 'rectification')!;
    expect(rectification.dueAt.slice(0, 10)).toBe('2026-10-08');
    expect(shanghaiTimeOfDay(rectification.dueAt)).toBe(shanghaiTimeOfDay(c.receivedAt));
    expect(Date.parse(rectification.dueAt) - received).toBe(8 * DAY);

    // Investigation: + 3 calendar days from the assignment (itself on the injected clock).
    const assignedAt = Date.parse(c.assignment.assignedAt);
    expect(assignedAt).toBeGreaterThanOrEqual(received);
    expect(assignedAt).toBeLessThan(START_MS + 60_000);
    expect(clockOf(c, 'investigation')).toMatchObject({ startedAt: c.assignment.assignedAt, dueAt: new Date(assignedAt + 3 * DAY).toISOString() });
  });

  it('a major complaint received at 10:00 on Sep 30 must be rectified by 10:00 on Oct 8 (2026-10-08T02:00:00.000Z)', async () => {
    const { logged, c } = await logAndAssign({ severity: 'major', receivedAt: CLOCK_START });
    expect(logged.caseNumber).toMatch(/^CP-202609-\d{4}$/);
    expect(c.receivedAt).toBe('2026-09-30T02:00:00.000Z');
    expect(clockOf(c, 'first_reply')!.dueAt).toBe('2026-09-30T04:00:00.000Z');
    expect(clockOf(c, 'resolution')!.dueAt).toBe('2026-10-15T02:00:00.000Z');
    expect(clockOf(c, 'rectification')).toMatchObject({ dueAt: '2026-10-08T02:00:00.000Z', status: 'running', accountableStaffId: 'eng-1' });
    expect(Date.parse(clockOf(c, 'investigation')!.dueAt) - Date.parse(c.assignment.assignedAt)).toBe(3 * DAY);

    // The deadlines are written into the events that started the clocks, recorded on the injected clock.
    const history = (await cb.get(`/cases/${logged.caseId}/history`, AGENT)).body.events;
    const loggedEvent = history.find((e: { type: string }) => e.type === 'ComplaintLogged');
    const assigned = history.find((e: { type: string }) => e.type === 'ResponsibilityAssigned');
    expect(loggedEvent.data.deadlines).toEqual({ firstReplyBy: '2026-09-30T04:00:00.000Z', resolutionBy: '2026-10-15T02:00:00.000Z' });
    expect(assigned.data).toMatchObject({ rectificationBy: '2026-10-08T02:00:00.000Z', investigationBy: clockOf(c, 'investigation')!.dueAt });
    for (const e of history) expect(e.recordedAt.slice(0, 10)).toBe('2026-09-30');
  });

  it('a general complaint logged at the same instant is due 3 working days later: Sat Oct 10, an adjusted working day', async () => {
    const { c } = await logAndAssign({ severity: 'general', receivedAt: CLOCK_START });
    // Oct 1–7 holiday; Oct 8 (Thu) = 1, Oct 9 (Fri) = 2, Oct 10 (Sat, 调休 working day) = 3.
    expect(clockOf(c, 'rectification')!.dueAt).toBe('2026-10-10T02:00:00.000Z');
    expect(clockOf(c, 'investigation')).toBeUndefined();
    expect(clockOf(c, 'first_reply')!.dueAt).toBe('2026-09-30T04:00:00.000Z');

    // Received "now" (default): the same, at the injected time of day.
    const now = await logAndAssign({ severity: 'general' });
    const due = clockOf(now.c, 'rectification')!.dueAt;
    expect(due.slice(0, 10)).toBe('2026-10-10');
    expect(shanghaiTimeOfDay(due)).toBe(shanghaiTimeOfDay(now.c.receivedAt));

    // A repair takes 3 working days too.
    const repair = await logAndAssign({ kind: 'repair', receivedAt: CLOCK_START });
    expect(clockOf(repair.c, 'rectification')!.dueAt).toBe('2026-10-10T02:00:00.000Z');
    expect(repair.logged.caseNumber).toMatch(/^RP-202609-0001$/);
  });

  it('counts from 00:00 of the next working day when received on a weekend', async () => {
    // Sat Sep 26 10:00 + 1 wd = Tue Sep 29 00:00 (PRODUCT.md §4: "Sat 10:00 + 1 wd = Tue 00:00").
    const saturday = await logAndAssign({ severity: 'major', receivedAt: '2026-09-26T10:00:00+08:00' });
    expect(clockOf(saturday.c, 'rectification')!.dueAt).toBe('2026-09-28T16:00:00.000Z');
    // Sun Sep 27 09:00 + 3 wd: Mon 28 00:00 → Tue 29, Wed 30, (holiday) Thu Oct 8 00:00.
    const sunday = await logAndAssign({ severity: 'general', receivedAt: '2026-09-27T09:00:00+08:00' });
    expect(clockOf(sunday.c, 'rectification')!.dueAt).toBe('2026-10-07T16:00:00.000Z');
    // Tue Sep 29 18:00 + 1 wd = Wed Sep 30 18:00.
    const tuesday = await logAndAssign({ severity: 'major', receivedAt: '2026-09-29T18:00:00+08:00' });
    expect(clockOf(tuesday.c, 'rectification')!.dueAt).toBe('2026-09-30T10:00:00.000Z');
    // Elapsed-time clocks ignore the calendar: first reply + 2 h, resolution + 15 × 24 h.
    expect(clockOf(saturday.c, 'first_reply')!.dueAt).toBe('2026-09-26T04:00:00.000Z');
    expect(clockOf(saturday.c, 'resolution')!.dueAt).toBe('2026-10-11T02:00:00.000Z');
  });

  it('judges receivedAt and overdue by the injected clock, not the real one', async () => {
    // The real now is more than 5 minutes after the injected now: "in the future".
    const realNow = await cb.post('/cases', AGENT, complaint({ receivedAt: new Date().toISOString() }));
    expect(realNow.body).toMatchObject({ status: 400, code: 'VALIDATION_FAILED', errors: [{ path: 'receivedAt' }] });
    // More than 7 days before the injected now.
    const old = await cb.post('/cases', AGENT, complaint({ receivedAt: '2026-09-23T09:59:00+08:00' }));
    expect(old.body).toMatchObject({ status: 400, errors: [{ path: 'receivedAt' }] });
    // Within 5 minutes ahead of the injected now is accepted.
    const ahead = await command('/cases', AGENT, complaint({ receivedAt: new Date(START_MS + 4 * 60_000).toISOString() }));
    expect(ahead.caseNumber).toMatch(/^CP-202609-/);

    // A case received at the injected now is not overdue, though by the real clock every
    // deadline of it passed weeks ago; one received 3 h before the injected now is.
    const late = await command('/cases', AGENT, complaint({ subject: 'Logged late', receivedAt: '2026-09-30T07:00:00+08:00' }));
    const fresh = await command('/cases', AGENT, complaint({ subject: 'Logged on time' }));
    const overdue = await cb.get('/cases?overdue=true&limit=200', AGENT, { 'casebook-min-position': position });
    const ids = overdue.body.items.map((i: { caseId: string }) => i.caseId);
    expect(ids).toContain(late.caseId);
    expect(ids).not.toContain(fresh.caseId);
    const all = (await cb.get('/cases?limit=200', AGENT, { 'casebook-min-position': position })).body.items;
    expect(all.find((i: { caseId: string }) => i.caseId === fresh.caseId).overdue).toBe(false);
    expect(all.find((i: { caseId: string }) => i.caseId === late.caseId).overdue).toBe(true);
  });

  it('numbers every case logged under the injected clock in 202609, consecutively', async () => {
    const list = await cb.get('/cases?kind=complaint&limit=200', AGENT, { 'casebook-min-position': position });
    const serials = list.body.items.map((i: { caseNumber: string }) => {
      expect(i.caseNumber).toMatch(/^CP-202609-\d{4}$/);
      return Number(i.caseNumber.slice(-4));
    });
    expect(serials.sort((a: number, b: number) => a - b)).toEqual(Array.from({ length: serials.length }, (_, i) => i + 1));
  });

  it('refuses a token whose exp is past by the real clock, though it is after the injected now', async () => {
    const nowSeconds = Math.floor(Date.now() / 1000);
    // exp 10 s ago (real clock), i.e. weeks after the injected now.
    const expired = cb.token(AGENT, -10);
    // exp on 2026-10-01, the day after the injected now, but long past in reality.
    const expiredLongAgo = cb.token(AGENT, Date.parse('2026-10-01T00:00:00Z') / 1000 - nowSeconds);
    for (const token of [expired, expiredLongAgo]) {
      const { exp } = JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString('utf8'));
      expect(exp * 1000).toBeGreaterThan(START_MS);
      expect(exp).toBeLessThan(nowSeconds);
      for (const [method, path, body] of [
        ['GET', '/cases', undefined],
        ['POST', '/cases', complaint()],
      ] as const) {
        const res = await cb.request(method, path, { token, body });
        expect({ method, status: res.status, code: res.body.code }).toEqual({ method, status: 401, code: 'UNAUTHENTICATED' });
        expect(res.headers.get('www-authenticate')).toMatch(/^Bearer/);
      }
    }
    // A token valid by the real clock works.
    expect((await cb.request('GET', '/cases', { token: cb.token(AGENT, 60) })).status).toBe(200);
  });
});
