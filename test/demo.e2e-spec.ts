import { setTimeout as sleep } from 'node:timers/promises';
import { runDemo, type DemoSummary } from '../tools/demo/demo-driver';
import { Casebook, type Caller } from './support/casebook';

/**
 * `npm run demo` (tools/demo/) against a real Casebook: it fills a store that already holds
 * another site's case (as after the README's "Try it") through the real command path, then the
 * dashboards and the monthly report show non-trivial figures; a second run is refused because
 * its own sites have cases.
 */
const CASES = Number(process.env.DEMO_CASES ?? 20);
const GM: Caller = { sub: 'gm-1', role: 'gm', sites: ['*'] };

describe('demo (e2e)', () => {
  let cb: Casebook;
  let summary: DemoSummary;

  beforeAll(async () => {
    cb = await Casebook.start();
    // The README's "Try it": a site, department and agent of the user's own, and one case.
    const admin: Caller = { sub: 'admin', role: 'admin' };
    for (const [path, body] of [
      ['/admin/sites', { id: 'site-1', code: 'S1', name: 'Garden Court' }],
      ['/admin/departments', { id: 'front', code: 'FD', name: 'Front desk', nameZh: '客服中心' }],
      ['/admin/staff', { id: 'reception-1', name: '李客服', departmentId: 'front', role: 'agent', siteIds: ['site-1'] }],
    ] as const) {
      expect((await cb.post(path, admin, body)).status).toBe(201);
    }
    const logged = await cb.post('/cases', { sub: 'reception-1', role: 'agent', sites: ['site-1'] }, {
      kind: 'complaint', siteId: 'site-1', channel: 'phone', category: 'repair_delay', severity: 'general',
      subject: 'Water leaking', description: 'Bathroom ceiling', complainant: { name: '张三', phone: '13812345678' },
    });
    expect(logged.status).toBe(201);
  });
  afterAll(() => cb.stop());

  /** Polls GET `path` until `ready(body)`; answers the last response. */
  async function until(path: string, ready: (body: any) => boolean, timeoutMs = 30_000) {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const res = await cb.get(path, GM);
      if (res.status === 200 && ready(res.body)) return res;
      if (Date.now() > deadline) return res;
      await sleep(250);
    }
  }

  it(`fills the store with ${CASES} cases of its own sites through the command path`, async () => {
    const progress: number[] = [];
    summary = await runDemo({ url: cb.url, secret: cb.config.jwtSecret, cases: CASES, seed: 7, progress: (done) => progress.push(done) });
    expect(summary.cases).toBe(CASES);
    expect(summary.commands).toBeGreaterThan(CASES * 3);
    expect(progress[progress.length - 1]).toBe(CASES);
    const list = await cb.get(`/cases?limit=100`, GM, { 'casebook-min-position': summary.lastPosition });
    expect(list.status).toBe(200);
    expect(list.body.items.length).toBe(Math.min(CASES + 1, 100));
    const sites = new Set(list.body.items.map((c: { siteId: string }) => c.siteId));
    expect(sites.size).toBeGreaterThan(2); // the user's site-1 and the demo's own
  }, 120_000);

  it('the dashboards show received, open and closed cases, departments at work', async () => {
    const overview = await until('/dashboard/overview', (b) => b.received?.last30d === CASES + 1);
    expect(overview.status).toBe(200);
    expect(overview.body.received.last30d).toBe(CASES + 1);
    expect(overview.body.received.last7d).toBeGreaterThan(0);
    const open = Object.values(overview.body.openByStatus as Record<string, number>).reduce((a, b) => a + b, 0);
    expect(open).toBeGreaterThan(0);
    expect(open).toBeLessThan(CASES);
    expect(overview.body.topCategories.length).toBeGreaterThan(0);
    expect(overview.body.avgHoursToClose30d).not.toBeNull();

    // Rectifications are done hours to days after receipt: no department's average is 0.00.
    const departments = await until('/dashboard/departments?lang=zh-CN', (b) => b.some((d: { avgHoursToRectify: string | null }) => d.avgHoursToRectify !== null));
    expect(departments.status).toBe(200);
    const rectified = departments.body.filter((d: { avgHoursToRectify: string | null }) => d.avgHoursToRectify !== null);
    expect(rectified.length).toBeGreaterThan(0);
    for (const d of rectified) expect(Number(d.avgHoursToRectify)).toBeGreaterThan(0);
    expect(departments.body.map((d: { departmentName: string }) => d.departmentName)).toEqual(expect.arrayContaining(['工程部', '保安部', '客服中心']));

    const trends = await cb.get('/dashboard/trends?metric=received&granularity=day', GM);
    expect(trends.status).toBe(200);
    expect(trends.body.reduce((n: number, p: { value: number }) => n + p.value, 0)).toBeGreaterThan(0);
  });

  it('the monthly report of the current month counts receptions, closures, categories and channels', async () => {
    const res = await until(`/reports/monthly/${summary.month}`, (b) => b.summary?.closed > 0);
    expect(res.status).toBe(200);
    const s = res.body.summary;
    expect(s.received).toBeGreaterThan(0);
    expect(s.received).toBeLessThanOrEqual(CASES + 1);
    expect(s.closed).toBeGreaterThan(0);
    expect(Object.keys(s.byCategory).length).toBeGreaterThan(1);
    expect(Object.keys(s.byChannel).length).toBeGreaterThan(1);
    expect(s.slaCompliance.first_reply.met + s.slaCompliance.first_reply.breached).toBeGreaterThan(0);
  });

  it('refuses a second run, saying how to start over', async () => {
    await expect(runDemo({ url: cb.url, secret: cb.config.jwtSecret, cases: 1, progress: () => undefined })).rejects.toThrow(
      /has filled this store before .* To start over/,
    );
  });
});
