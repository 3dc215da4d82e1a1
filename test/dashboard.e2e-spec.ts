import { setTimeout as sleep } from 'node:timers/promises';
import {
  ADMIN,
  AGENT,
  as,
  Casebook,
  complaint,
  ENGINEER,
  MANAGER,
  seedDirectory,
  SUPERVISOR,
  type Caller,
} from './support/casebook';

/**
 * The management dashboards (API.md "Management") through real HTTP and the real worker. The
 * clock starts on Monday 2026-11-16 10:00 in Shanghai, so "today" is 2026-11-16, the previous
 * month is 2026-10 and, unpublished after the 10th, overdue. Site-a holds:
 *   A  received ~2 h ago (cleaning): replied at once (first reply met), validated, assigned to eng,
 *      rectified, visited (satisfied), closed;
 *   B  received 3 h ago (noise), assigned to sec, never replied: the watcher breaches first_reply;
 *   C  received 3 days ago (noise), untouched: breached;
 *   D  received 6 days ago (repair_delay): replied late (breached), assigned to eng, rectified
 *      after its rectification deadline (breached), visited (unsatisfied).
 * Site-b holds E, received 30 min ago (fees).
 */

const CLOCK_START = '2026-11-16T10:00:00+08:00';
const HOUR = 3600_000;
const DAY = 24 * HOUR;
const SUP_B = as('sup-b', 'supervisor', ['site-b']);

describe('dashboards (e2e)', () => {
  let cb: Casebook;
  let offset: number;
  /** The service clock's now (it started at CLOCK_START and runs in real time). */
  const serverNow = () => Date.now() + offset;
  const ago = (ms: number) => new Date(serverNow() - ms).toISOString();
  let aFirstReplyDue: number;

  async function command(path: string, who: Caller, body: unknown, status = 200) {
    const res = await cb.post(path, who, body);
    expect({ path, status: res.status, body: res.body }).toMatchObject({ status });
    return res.body;
  }

  /** Polls GET `path` until `ready(body)`, then returns the last answer (asserted by the caller). */
  async function until(path: string, who: Caller, ready: (body: any) => boolean, timeoutMs = 45_000) {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const res = await cb.get(path, who);
      if (res.status === 200 && ready(res.body)) return res;
      if (Date.now() > deadline) return res;
      await sleep(250);
    }
  }

  beforeAll(async () => {
    const started = Date.now();
    cb = await Casebook.start({ CASEBOOK_CLOCK_START: CLOCK_START });
    offset = Date.parse(CLOCK_START) - started;
    await seedDirectory(cb);
    await command('/admin/staff', ADMIN, { id: 'agent-b', name: '陈客服', role: 'agent', departmentId: 'front', siteIds: ['site-b'] }, 201);

    // A: first reply due 15 s from now, replied at once (met), closed as valid.
    const aReceived = serverNow() - 2 * HOUR + 15_000;
    aFirstReplyDue = aReceived + 2 * HOUR;
    const a = await command('/cases', AGENT, complaint({ category: 'cleaning', receivedAt: new Date(aReceived).toISOString() }), 201);
    await command(`/cases/${a.caseId}/replies`, AGENT, { message: 'We are on it', channel: 'phone' });
    await command(`/cases/${a.caseId}/validation`, SUPERVISOR, { valid: true });
    await command(`/cases/${a.caseId}/assignment`, SUPERVISOR, { departmentId: 'eng', assigneeId: 'eng-1' });
    await command(`/cases/${a.caseId}/rectification`, ENGINEER, { description: 'Cleaned' });
    await command(`/cases/${a.caseId}/return-visits`, AGENT, { method: 'phone', satisfaction: 'satisfied' });
    await command(`/cases/${a.caseId}/close`, SUPERVISOR, { summary: 'Done' });

    const b = await command('/cases', AGENT, complaint({ category: 'noise', receivedAt: ago(3 * HOUR) }), 201);
    await command(`/cases/${b.caseId}/assignment`, SUPERVISOR, { departmentId: 'sec', assigneeId: 'sec-1' });

    await command('/cases', AGENT, complaint({ category: 'noise', receivedAt: ago(3 * DAY) }), 201);

    const d = await command('/cases', AGENT, complaint({ category: 'repair_delay', receivedAt: ago(6 * DAY) }), 201);
    await command(`/cases/${d.caseId}/replies`, AGENT, { message: 'Late, sorry', channel: 'phone' });
    await command(`/cases/${d.caseId}/assignment`, SUPERVISOR, { departmentId: 'eng', assigneeId: 'eng-1' });
    await command(`/cases/${d.caseId}/rectification`, ENGINEER, { description: 'Fixed' });
    await command(`/cases/${d.caseId}/return-visits`, AGENT, { method: 'phone', satisfaction: 'unsatisfied' });

    await command('/cases', as('agent-b', 'agent', ['site-b']), complaint({ siteId: 'site-b', category: 'fees', receivedAt: ago(HOUR / 2) }), 201);
  }, 60_000);
  afterAll(() => cb.stop());

  it('overview: open by status, overdue clocks, escalations, intake, 30-day rates, top categories, last month', async () => {
    const expected = {
      openByStatus: { in_progress: 1, received: 1, rectified: 1 },
      overdueByClock: { first_reply: 2 },
      atRiskByClock: {},
      pausedClocks: 0,
      pendingExtensions: 0,
      escalated: 3,
      received: { today: 2, last7d: 4, last30d: 4 },
      firstReplyCompliance30d: '25.00',
      avgHoursToClose30d: expect.stringMatching(/^\d+\.\d{2}$/),
      satisfactionRate30d: '50.00',
      topCategories: [
        { category: 'noise', count: 2 },
        { category: 'cleaning', count: 1 },
        { category: 'repair_delay', count: 1 },
      ],
      previousMonth: { month: '2026-10', status: 'overdue' },
    };
    // Breaches (B, C, D) and their escalations are the worker's; A's met first reply counts once due.
    const res = await until('/dashboard/overview', MANAGER, (body) => {
      try {
        expect(body).toEqual(expected);
        return serverNow() > aFirstReplyDue;
      } catch {
        return false;
      }
    });
    expect(res.status).toBe(200);
    expect(res.body).toEqual(expected);
    // A: closed about 2 h after it was received.
    expect(Math.abs(Number(res.body.avgHoursToClose30d) - 2)).toBeLessThan(0.05);

    // The same for the site asked for, and for an auditor.
    expect((await cb.get('/dashboard/overview?siteId=site-a', MANAGER)).body).toMatchObject({ received: expected.received });
    expect((await cb.get('/dashboard/overview', as('aud-1', 'auditor'))).status).toBe(200);
  }, 60_000);

  it('overview is site-scoped: site-b sees only its own case; another site is 404; all sites add up', async () => {
    const b = await cb.get('/dashboard/overview', SUP_B);
    expect(b.status).toBe(200);
    expect(b.body).toEqual({
      openByStatus: { received: 1 },
      overdueByClock: {},
      atRiskByClock: {},
      pausedClocks: 0,
      pendingExtensions: 0,
      escalated: 0,
      received: { today: 1, last7d: 1, last30d: 1 },
      firstReplyCompliance30d: null,
      avgHoursToClose30d: null,
      satisfactionRate30d: null,
      topCategories: [{ category: 'fees', count: 1 }],
      previousMonth: { month: '2026-10', status: 'overdue' },
    });
    expect((await cb.get('/dashboard/overview?siteId=site-a', SUP_B)).status).toBe(404);
    expect((await cb.get('/dashboard/overview?siteId=site-b', MANAGER)).status).toBe(404);
    expect((await cb.get('/dashboard/departments?siteId=site-b', MANAGER)).status).toBe(404);
    expect((await cb.get('/dashboard/trends?metric=received&siteId=site-a', SUP_B)).status).toBe(404);
    const all = await cb.get('/dashboard/overview', ADMIN);
    expect(all.body.received).toEqual({ today: 3, last7d: 5, last30d: 5 });
    expect((await cb.get('/dashboard/overview?siteId=site-b', ADMIN)).body.received.today).toBe(1);
  });

  it('departments: open, overdue, breaches, rectification hours and penalty points this month', async () => {
    const row = (departmentId: string, departmentName: string, departmentNameZh: string, over: Record<string, unknown> = {}) => ({
      departmentId,
      departmentName,
      departmentNameZh,
      open: 0,
      overdue: 0,
      breached30d: 0,
      avgHoursToRectify: null,
      penaltyPointsThisMonth: '0.00',
      ...over,
    });
    const expected = [
      // D's first reply and its rectification (due 3 working days after receipt, done today) were
      // breached. VALID_GENERAL on A: the department −3, its staff eng-1 −2; SLA_BREACH −1 on eng-1
      // for D's rectification (staff lines count for their department). Rectification hours count
      // from receipt: A's about 2 h, D's about 6 days, 73 h on average.
      row('eng', 'Engineering', '工程部', { open: 1, breached30d: 2, avgHoursToRectify: expect.stringMatching(/^7[23]\.\d\d$/), penaltyPointsThisMonth: '-6.00' }),
      // SLA_BREACH −1 for each of the three first-reply breaches, on the first responder agent-1 (front).
      row('front', 'Front desk', '客服中心', { penaltyPointsThisMonth: '-3.00' }),
      row('qa', 'Quality', '质量管理部'),
      row('sec', 'Security', '保安部', { open: 1, overdue: 1, breached30d: 1 }),
    ];
    const matches = (body: unknown) => {
      try {
        expect(body).toEqual(expected);
        return true;
      } catch {
        return false;
      }
    };
    const res = await until('/dashboard/departments', MANAGER, matches);
    expect(res.status).toBe(200);
    expect(res.body).toEqual(expected);
    expect(Math.abs(Number(res.body[0].avgHoursToRectify) - 73)).toBeLessThan(0.05);

    const b = await cb.get('/dashboard/departments', SUP_B);
    expect(b.status).toBe(200);
    expect(b.body).toEqual([row('eng', 'Engineering', '工程部'), row('front', 'Front desk', '客服中心'), row('qa', 'Quality', '质量管理部'), row('sec', 'Security', '保安部')]);
  }, 60_000);

  it('departments in Chinese: lang=zh-CN shows the Chinese names; en is the default; another lang is 400', async () => {
    const names = async (query: string) => (await cb.get(`/dashboard/departments${query}`, SUP_B)).body.map((d: { departmentName: string }) => d.departmentName);
    expect(await names('?lang=zh-CN')).toEqual(['工程部', '客服中心', '质量管理部', '保安部']);
    expect(await names('?lang=en')).toEqual(['Engineering', 'Front desk', 'Quality', 'Security']);
    expect(await names('')).toEqual(['Engineering', 'Front desk', 'Quality', 'Security']);
    const zh = await cb.get('/dashboard/departments?lang=zh-CN', SUP_B);
    expect(zh.body[0]).toMatchObject({ departmentName: '工程部', departmentNameZh: '工程部' });
    const bad = await cb.get('/dashboard/departments?lang=fr', SUP_B);
    expect(bad.status).toBe(400);
    expect(bad.body).toMatchObject({ code: 'VALIDATION_FAILED', errors: [{ path: 'lang' }] });
  });

  it('trends: every period present, zeros included, by local day, ISO week and month', async () => {
    const received = await cb.get('/dashboard/trends?metric=received&granularity=day&from=2026-11-07&to=2026-11-16', MANAGER);
    expect(received.status).toBe(200);
    expect(received.body).toEqual([
      { period: '2026-11-07', value: 0 },
      { period: '2026-11-08', value: 0 },
      { period: '2026-11-09', value: 0 },
      { period: '2026-11-10', value: 1 },
      { period: '2026-11-11', value: 0 },
      { period: '2026-11-12', value: 0 },
      { period: '2026-11-13', value: 1 },
      { period: '2026-11-14', value: 0 },
      { period: '2026-11-15', value: 0 },
      { period: '2026-11-16', value: 2 },
    ]);
    const weeks = await cb.get('/dashboard/trends?metric=received&granularity=week&from=2026-11-01&to=2026-11-16', MANAGER);
    expect(weeks.body).toEqual([
      { period: '2026-10-26', value: 0 },
      { period: '2026-11-02', value: 0 },
      { period: '2026-11-09', value: 2 },
      { period: '2026-11-16', value: 2 },
    ]);
    const months = await cb.get('/dashboard/trends?metric=received&granularity=month&from=2026-09-15&to=2026-11-16', MANAGER);
    expect(months.body).toEqual([
      { period: '2026-09', value: 0 },
      { period: '2026-10', value: 0 },
      { period: '2026-11', value: 4 },
    ]);
    const closed = await cb.get('/dashboard/trends?metric=closed&from=2026-11-15&to=2026-11-16', MANAGER);
    expect(closed.body).toEqual([
      { period: '2026-11-15', value: 0 },
      { period: '2026-11-16', value: 1 },
    ]);
    const breached = await cb.get('/dashboard/trends?metric=breached&granularity=month&from=2026-11-01&to=2026-11-30', MANAGER);
    // B, C and D's first replies and D's rectification.
    expect(breached.body).toEqual([{ period: '2026-11', value: 4 }]);
    // Defaults: the last 30 local days up to today.
    const byDefault = await cb.get('/dashboard/trends?metric=received', MANAGER);
    expect(byDefault.body).toHaveLength(30);
    expect(byDefault.body[29]).toEqual({ period: '2026-11-16', value: 2 });
    const siteB = await cb.get('/dashboard/trends?metric=received&from=2026-11-16&to=2026-11-16', SUP_B);
    expect(siteB.body).toEqual([{ period: '2026-11-16', value: 1 }]);
  });

  it('bad parameters are 400 VALIDATION_FAILED; roles below supervisor are 403', async () => {
    const bad = async (query: string, path: string) => {
      const res = await cb.get(`/dashboard/trends?${query}`, MANAGER);
      expect({ query, status: res.status, code: res.body.code }).toEqual({ query, status: 400, code: 'VALIDATION_FAILED' });
      expect(res.body.errors.map((e: { path: string }) => e.path)).toContain(path);
    };
    await bad('granularity=day', 'metric');
    await bad('metric=opened', 'metric');
    await bad('metric=received&granularity=hour', 'granularity');
    await bad('metric=received&from=2026-02-30', 'from');
    await bad('metric=received&from=16-11-2026', 'from');
    await bad('metric=received&from=2026-11-16&to=2026-11-01', 'from');
    await bad('metric=received&from=2025-01-01&to=2026-11-16', 'from');
    await bad('metric=received&unknown=1', 'unknown');
    expect((await cb.get('/dashboard/trends?metric=received&granularity=week&from=2020-01-01&to=2026-11-16', MANAGER)).status).toBe(200);
    expect((await cb.get('/dashboard/overview?siteId=bad%20id', MANAGER)).status).toBe(400);
    for (const path of ['/dashboard/overview', '/dashboard/departments', '/dashboard/trends?metric=received']) {
      expect((await cb.get(path, AGENT)).status).toBe(403);
      expect((await cb.get(path, as('eng-1', 'handler'))).status).toBe(403);
    }
    expect((await cb.request('GET', '/dashboard/overview')).status).toBe(401);
  });

  it('read-your-writes: Casebook-Min-Position waits for the dashboard projection', async () => {
    const logged = await command('/cases', AGENT, complaint({ category: 'parking' }), 201);
    const res = await cb.get('/dashboard/overview', MANAGER, { 'casebook-min-position': logged.position });
    expect(res.status).toBe(200);
    expect(res.body.received.today).toBe(3);
    expect(res.body.topCategories).toContainEqual({ category: 'parking', count: 1 });
  });
});
