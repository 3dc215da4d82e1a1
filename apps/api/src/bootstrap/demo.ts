import { loadConfig, signToken } from '@casebook/platform';
import type { Role } from '@casebook/domain';

/**
 * `npm run demo`: fills an empty Casebook with a realistic week for three sites, through the
 * real command path over HTTP (a running Casebook at DEMO_URL, default http://localhost:PORT),
 * so that a newcomer sees living dashboards and a meaningful monthly report.
 *
 * It registers 3 sites, 5 departments and staff in every role, then drives DEMO_CASES cases
 * (default 300): kinds, categories, channels and severities in realistic proportions (~10%
 * major), replies, validations (some invalid), assignments, investigations with shares,
 * rectifications, settlements (approved by whoever has the authority, some rejected, accepted
 * or disputed), return visits with satisfaction, closures, a few reopens and shirking records.
 *
 * Time: the API accepts receivedAt at most 7 days in the past, and every later step happens
 * "now". So about half the cases are received in the last ~100 minutes (replied within the
 * 2-hour first-reply target) and the rest spread over the last 7 days: their replies come
 * late, and those left unanswered are breached by the worker's SLA watcher, which escalates
 * them. The monthly report of the current month therefore shows this week, not a whole month.
 * It refuses to run when the store already has cases.
 */

export interface DemoOptions {
  /** Base URL of a running Casebook (without /api/v1). */
  url: string;
  /** The JWT secret the Casebook is configured with. */
  secret: string;
  /** How many cases to drive (default 300). */
  cases?: number;
  /** Concurrent cases in flight (default 8). */
  concurrency?: number;
  /** Seed of the pseudo-random mix (default 20261123): the same seed gives the same mix. */
  seed?: number;
  /** Progress output (default: a bar on stderr). */
  progress?: (done: number, total: number) => void;
}

export interface DemoSummary {
  cases: number;
  commands: number;
  /** Commands refused where the mix expected it may be refused (e.g. an approval above authority, retried higher). */
  refused: number;
  byStatusIntended: Record<string, number>;
  month: string;
  lastPosition: string;
}

type Caller = { sub: string; role: Role; sites?: string[] };

const SITES = [
  { id: 'garden-court', code: 'GC', name: 'Garden Court 花园苑' },
  { id: 'river-view', code: 'RV', name: 'River View 江景湾' },
  { id: 'lake-side', code: 'LS', name: 'Lakeside Plaza 湖畔广场' },
];
const SITE_IDS = SITES.map((s) => s.id);

const DEPARTMENTS = [
  { id: 'front', code: 'FD', name: 'Front desk', nameZh: '客服中心' },
  { id: 'eng', code: 'ENG', name: 'Engineering', nameZh: '工程部' },
  { id: 'sec', code: 'SEC', name: 'Security', nameZh: '保安部' },
  { id: 'clean', code: 'CLN', name: 'Cleaning', nameZh: '保洁' },
  { id: 'qa', code: 'QA', name: 'Quality', nameZh: '质量管理部' },
];

const STAFF: { id: string; name: string; role: Role; departmentId: string }[] = [
  { id: 'agent-1', name: '李客服', role: 'agent', departmentId: 'front' },
  { id: 'agent-2', name: '陈客服', role: 'agent', departmentId: 'front' },
  { id: 'agent-3', name: '杨客服', role: 'agent', departmentId: 'front' },
  { id: 'sup-1', name: '王主管', role: 'supervisor', departmentId: 'front' },
  { id: 'sup-2', name: '刘主管', role: 'supervisor', departmentId: 'front' },
  { id: 'eng-1', name: '赵工', role: 'handler', departmentId: 'eng' },
  { id: 'eng-2', name: '黄工', role: 'handler', departmentId: 'eng' },
  { id: 'sec-1', name: '钱保安', role: 'handler', departmentId: 'sec' },
  { id: 'sec-2', name: '何保安', role: 'handler', departmentId: 'sec' },
  { id: 'clean-1', name: '林保洁', role: 'handler', departmentId: 'clean' },
  { id: 'clean-2', name: '罗保洁', role: 'handler', departmentId: 'clean' },
  { id: 'qa-1', name: '孙质检', role: 'quality', departmentId: 'qa' },
  { id: 'mgr-1', name: '周经理', role: 'manager', departmentId: 'front' },
  { id: 'dgm-1', name: '吴副总', role: 'deputy_gm', departmentId: 'front' },
  { id: 'gm-1', name: '郑总', role: 'gm', departmentId: 'front' },
  { id: 'aud-1', name: '冯审计', role: 'auditor', departmentId: 'qa' },
];

const CATEGORY_DEPARTMENT: Record<string, string> = {
  repair_delay: 'eng',
  repair_quality: 'eng',
  decoration: 'eng',
  product_quality: 'eng',
  noise: 'sec',
  parking: 'sec',
  security: 'sec',
  cleaning: 'clean',
  fees: 'front',
  staff_attitude: 'front',
  delivery: 'front',
  other: 'front',
};

const SUBJECTS: Record<string, [string, string][]> = {
  repair_delay: [['Water leaking from the ceiling', 'Bathroom ceiling has been leaking since the repair request three days ago'], ['Lift out of order', 'Lift in block 3 still not fixed']],
  repair_quality: [['Door lock broke again', 'The lock repaired last week is broken again'], ['Tiles cracked after repair', 'Kitchen tiles cracked a day after the repair']],
  cleaning: [['Corridor not cleaned', 'Rubbish left in the 12th floor corridor for two days'], ['Garbage room smells', 'The garbage room near block 2 smells badly']],
  security: [['Stranger in the building', 'A stranger was let in without registration'], ['Gate left open at night', 'The north gate was open all night']],
  noise: [['Renovation noise at night', 'Drilling upstairs after 22:00'], ['Loud music next door', 'Neighbour plays loud music every evening']],
  parking: [['Car parked in my space', 'Someone parks in my reserved space'], ['Parking gate fee wrong', 'Charged twice at the parking gate']],
  fees: [['Management fee overcharged', 'The bill charges the wrong area'], ['Late fee disputed', 'A late fee was charged although paid on time']],
  decoration: [['Decoration approval delayed', 'Waiting two weeks for the decoration permit']],
  staff_attitude: [['Rude reception staff', 'The receptionist was impolite on the phone'], ['Guard shouted at visitor', 'A guard shouted at my elderly mother']],
  product_quality: [['Window seal defective', 'Rain comes in through the window seal']],
  delivery: [['Parcel lost at reception', 'A parcel signed by reception cannot be found']],
  other: [['Suggestion about the garden', 'The garden lights could be brighter'], ['Question about the pool', 'When does the pool open this summer?']],
};

const NAMES = ['张伟', '王芳', '李娜', '刘洋', '陈静', '杨磊', '赵敏', '黄强', '周杰', '吴婷', '徐明', '孙丽', '马超', '朱琳', '胡军'];

/** A small deterministic PRNG (mulberry32). */
function prng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const chance = (p: number) => next() < p;
  const pick = <T>(items: readonly T[]) => items[Math.floor(next() * items.length)];
  const weighted = <T extends string>(weights: Record<T, number>): T => {
    const entries = Object.entries(weights) as [T, number][];
    let r = next() * entries.reduce((n, [, w]) => n + w, 0);
    for (const [value, w] of entries) if ((r -= w) < 0) return value;
    return entries[entries.length - 1][0];
  };
  return { next, chance, pick, weighted };
}

class DemoError extends Error {}

class Client {
  commands = 0;
  refused = 0;
  lastPosition = 0n;
  constructor(
    private readonly base: string,
    private readonly secret: string,
  ) {}

  token(caller: Caller) {
    return signToken(this.secret, caller, '1h');
  }

  async request(method: string, path: string, as: Caller, body?: unknown): Promise<{ status: number; body: any }> {
    const res = await fetch(`${this.base}/api/v1${path}`, {
      method,
      headers: { authorization: `Bearer ${this.token(as)}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    let parsed: any = text;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      // keep the text
    }
    return { status: res.status, body: parsed };
  }

  /** A command that must succeed. */
  async command(path: string, as: Caller, body: unknown): Promise<any> {
    const res = await this.request('POST', path, as, body);
    this.commands++;
    if (res.status >= 300) throw new DemoError(`POST ${path} as ${as.sub}: ${res.status} ${JSON.stringify(res.body)}`);
    if (res.body?.position && BigInt(res.body.position) > this.lastPosition) this.lastPosition = BigInt(res.body.position);
    return res.body;
  }

  /** A command that may be refused with one of `statuses`: answers undefined then. */
  async attempt(path: string, as: Caller, body: unknown, statuses: number[]): Promise<any | undefined> {
    const res = await this.request('POST', path, as, body);
    this.commands++;
    if (statuses.includes(res.status)) {
      this.refused++;
      return undefined;
    }
    if (res.status >= 300) throw new DemoError(`POST ${path} as ${as.sub}: ${res.status} ${JSON.stringify(res.body)}`);
    if (res.body?.position && BigInt(res.body.position) > this.lastPosition) this.lastPosition = BigInt(res.body.position);
    return res.body;
  }
}

const caller = (id: string): Caller => {
  const staff = STAFF.find((s) => s.id === id)!;
  return { sub: staff.id, role: staff.role, sites: SITE_IDS };
};
const ADMIN: Caller = { sub: 'demo-admin', role: 'admin' };

/** Registers the directory; an entry already there (409) is left as it is. */
async function registerDirectory(client: Client) {
  const create = async (path: string, body: unknown) => {
    const res = await client.request('POST', path, ADMIN, body);
    if (res.status >= 300 && res.status !== 409) throw new DemoError(`POST ${path}: ${res.status} ${JSON.stringify(res.body)}`);
  };
  for (const site of SITES) await create('/admin/sites', site);
  for (const department of DEPARTMENTS) await create('/admin/departments', department);
  for (const staff of STAFF) await create('/admin/staff', { ...staff, siteIds: SITE_IDS });
}

const bar = (done: number, total: number) => {
  const width = 30;
  const filled = Math.round((width * done) / Math.max(1, total));
  process.stderr.write(`\r[${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${done}/${total} cases`);
  if (done === total) process.stderr.write('\n');
};

/** Fills an empty Casebook; throws if it already has cases. */
export async function runDemo(options: DemoOptions): Promise<DemoSummary> {
  const total = options.cases ?? 300;
  const concurrency = options.concurrency ?? 8;
  const progress = options.progress ?? bar;
  const rnd = prng(options.seed ?? 20261123);
  const client = new Client(options.url.replace(/\/+$/, ''), options.secret);

  const existing = await client.request('GET', '/cases?limit=1', { sub: 'demo-admin', role: 'gm', sites: ['*'] });
  if (existing.status === 401) throw new DemoError('the Casebook refused the demo token: is it configured with the same secret (CASEBOOK_JWT_SECRET / data dir)?');
  if (existing.status !== 200) throw new DemoError(`GET /cases: ${existing.status} ${JSON.stringify(existing.body)}`);
  if (existing.body.items.length > 0) throw new DemoError('the store already has cases: the demo only fills an empty Casebook');

  await registerDirectory(client);

  const now = Date.now();
  const byStatusIntended: Record<string, number> = {};
  const intend = (status: string) => (byStatusIntended[status] = (byStatusIntended[status] ?? 0) + 1);

  // Decide every case's plan up front (deterministic for a seed), then drive them concurrently.
  const plans = Array.from({ length: total }, (_, i) => {
    const kind = rnd.weighted({ complaint: 70, repair: 14, service_request: 7, inquiry: 6, suggestion: 3 });
    const category = kind === 'inquiry' || kind === 'suggestion' ? 'other' : rnd.weighted({
      repair_delay: 18, repair_quality: 10, cleaning: 12, security: 8, noise: 10, parking: 9, fees: 9,
      decoration: 4, staff_attitude: 8, product_quality: 4, delivery: 4, other: 4,
    });
    const [subject, description] = rnd.pick(SUBJECTS[category]);
    // About half received in the last 100 minutes (replied in time), the rest over 7 days.
    const recent = rnd.chance(0.5);
    const ageMs = recent ? rnd.next() * 100 * 60_000 : 2.5 * 3600_000 + rnd.next() * (7 * 24 - 3) * 3600_000;
    return {
      i,
      kind,
      category,
      subject,
      description,
      recent,
      receivedAt: new Date(now - ageMs).toISOString(),
      siteId: rnd.weighted({ 'garden-court': 45, 'river-view': 35, 'lake-side': 20 }),
      channel: rnd.weighted({ phone: 35, hotline: 15, wechat: 20, visit: 12, web: 8, email: 5, letter: 2, other: 3 }),
      severity: kind === 'complaint' && rnd.chance(0.12) ? 'major' : 'general',
      agent: rnd.pick(['agent-1', 'agent-2', 'agent-3']),
      supervisor: rnd.pick(['sup-1', 'sup-2']),
      name: rnd.pick(NAMES),
      phone: `13${String(100000000 + Math.floor(rnd.next() * 899999999))}`,
      r: Array.from({ length: 12 }, () => rnd.next()),
    };
  });

  async function drive(p: (typeof plans)[number]) {
    const agent = caller(p.agent);
    const sup = caller(p.supervisor);
    const [rReply, rOnSpot, rInvalid, rStopAssigned, rInvestigate, rStopRectified, rSettle, rDecision, rCustomer, rVisit, rReopen, rShirk] = p.r;
    const logged = await client.command('/cases', agent, {
      kind: p.kind,
      siteId: p.siteId,
      channel: p.channel,
      category: p.category,
      severity: p.severity,
      subject: p.subject,
      description: p.description,
      receivedAt: p.receivedAt,
      complainant: { name: p.name, phone: p.phone, unit: `${1 + (p.i % 9)}-${1 + ((p.i * 7) % 30)}0${1 + (p.i % 4)}` },
    });
    const id = logged.caseId as string;
    const c = (path: string, as: Caller, body: unknown) => client.command(`/cases/${id}${path}`, as, body);

    // Some never get a reply: the watcher breaches those older than the first-reply target.
    if (rReply < 0.08) return intend('received (no reply)');
    await c('/replies', agent, { message: '您好，我们已收到您的反映，正在处理。', channel: rReply < 0.5 ? 'phone' : 'wechat' });

    if (p.kind === 'inquiry' || p.kind === 'suggestion') {
      await c('/close', sup, { summary: 'Answered' });
      return intend('closed');
    }

    if (p.kind === 'complaint' && rOnSpot < 0.06) {
      await c('/resolve-on-spot', agent, { resolution: 'Explained and fixed at the front desk' });
      await c('/return-visits', agent, { method: 'phone', satisfaction: 'satisfied', customerConfirmed: true });
      await c('/close', sup, { summary: 'Resolved on the spot' });
      return intend('closed');
    }

    if (p.kind === 'complaint') {
      if (rInvalid < 0.12) {
        const reason = (['unfounded', 'out_of_scope', 'duplicate', 'malicious'] as const)[Math.floor(rInvalid * 33) % 4];
        await c('/validation', sup, { valid: false, reason, note: 'Checked with the site team' });
        await c('/replies', agent, { message: '经核实，该反映不属实/不在服务范围，已向您说明。', channel: 'phone' });
        if (rStopAssigned < 0.8) {
          await c('/close', sup, { summary: 'Invalid complaint, explained to the complainant' });
          return intend('closed');
        }
        return intend('invalid (open)');
      }
      await c('/validation', sup, { valid: true });
    }

    const departmentId = CATEGORY_DEPARTMENT[p.category];
    const assignee = departmentId === 'front' ? p.agent : `${departmentId}-${rStopAssigned < 0.5 ? 1 : 2}`;
    await c('/assignment', sup, { departmentId, assigneeId: assignee });
    if (rShirk < 0.03 && departmentId !== 'front') {
      await c('/shirking', sup, { staffId: assignee, description: 'Passed the job back to the front desk without visiting' });
    }
    // Recent cases are mostly still being worked on.
    if (rStopAssigned < (p.recent ? 0.5 : 0.12)) return intend('in_progress');

    if (p.kind === 'complaint' && (p.severity === 'major' || rInvestigate < 0.35)) {
      const causeType = (['quality', 'human', 'external', 'supplier'] as const)[Math.floor(rInvestigate * 40) % 4];
      const responsibility =
        rInvestigate < 0.5
          ? [{ departmentId, staffId: departmentId === 'front' ? undefined : assignee, share: '1' }]
          : [
              { departmentId, ...(departmentId === 'front' ? {} : { staffId: assignee }), share: '0.7' },
              { departmentId: departmentId === 'front' ? 'qa' : 'front', share: '0.3' },
            ];
      await c('/investigation', caller('qa-1'), {
        rootCause: 'Found during the site inspection',
        causeType,
        responsibility: responsibility.map((r) => Object.fromEntries(Object.entries(r).filter(([, v]) => v !== undefined))),
        countermeasures: 'Procedure reminded to the team; weekly checks for a month',
      });
    }

    await c('/rectification', caller(departmentId === 'front' ? p.agent : assignee), { description: 'Fixed on site, photos attached' });
    if (rStopRectified < 0.1) return intend('rectified');

    if (p.kind === 'complaint' && rSettle < (p.severity === 'major' ? 0.7 : 0.2)) {
      const amount = p.severity === 'major' ? (500 + Math.floor(rSettle * 8000)).toFixed(2) : (50 + Math.floor(rSettle * 900)).toFixed(2);
      await c('/settlement', sup, { type: rSettle < 0.1 ? 'discount' : 'compensation', amount, description: 'Compensation for the inconvenience' });
      const decision = rDecision < 0.1 ? 'reject' : 'approve';
      // Whoever has the authority: supervisor, else manager, else the general manager.
      let decided = false;
      for (const who of [sup, caller('mgr-1'), caller('gm-1')]) {
        if (await client.attempt(`/cases/${id}/settlement/decision`, who, { decision, comment: 'Reviewed' }, [403])) {
          decided = true;
          break;
        }
      }
      if (!decided) throw new DemoError(`nobody could decide the settlement of ${id}`);
      if (decision === 'reject') return intend('rectified (settlement rejected)');
      const accepted = rCustomer >= 0.15;
      await c('/settlement/customer-response', agent, { accepted, comment: accepted ? 'OK' : 'Too little' });
      if (!accepted) return intend('rectified (settlement disputed)');
    }

    const satisfaction = rVisit < 0.3 ? 'very_satisfied' : rVisit < 0.72 ? 'satisfied' : rVisit < 0.87 ? 'neutral' : rVisit < 0.96 ? 'unsatisfied' : 'very_unsatisfied';
    // The service line visits, never the case's own assignee (PRODUCT.md §13).
    const visitor = assignee === p.agent ? caller(p.agent === 'agent-1' ? 'agent-2' : 'agent-1') : agent;
    await c('/return-visits', visitor, { method: rVisit < 0.7 ? 'phone' : 'wechat', satisfaction, customerConfirmed: satisfaction !== 'very_unsatisfied' });
    // A dissatisfied complaint waits for rework or a manager's acceptance.
    if (satisfaction === 'very_unsatisfied' || (p.kind === 'complaint' && satisfaction === 'unsatisfied')) return intend('rectified (visited)');
    await c('/close', sup, { summary: 'Rectified and confirmed by the customer' });

    if (rReopen < 0.04) {
      await c('/reopen', sup, { reason: 'The problem came back' });
      return intend('in_progress (reopened)');
    }
    return intend('closed');
  }

  let done = 0;
  let next = 0;
  progress(0, total);
  await Promise.all(
    Array.from({ length: Math.min(concurrency, total) }, async () => {
      while (next < total) {
        await drive(plans[next++]);
        progress(++done, total);
      }
    }),
  );

  const zone = process.env.CASEBOOK_TZ ?? 'Asia/Shanghai';
  const month = new Intl.DateTimeFormat('en-CA', { timeZone: zone, year: 'numeric', month: '2-digit' }).format(new Date()).slice(0, 7);
  return { cases: total, commands: client.commands, refused: client.refused, byStatusIntended, month, lastPosition: client.lastPosition.toString() };
}

async function main() {
  const config = loadConfig();
  const url = process.env.DEMO_URL ?? `http://localhost:${config.port}`;
  const cases = Number(process.env.DEMO_CASES ?? 300);
  console.log(`Filling the Casebook at ${url} with ${cases} demo cases…`);
  const summary = await runDemo({ url, secret: config.jwtSecret, cases });
  const gm = signToken(config.jwtSecret, { sub: 'gm-1', role: 'gm', sites: SITE_IDS }, '30d');
  const api = `${url}/api/v1`;
  console.log(
    [
      `Done: ${summary.cases} cases, ${summary.commands} commands (${summary.refused} refused and retried by a higher role).`,
      `Intended end states: ${Object.entries(summary.byStatusIntended).map(([s, n]) => `${s} ${n}`).join(', ')}.`,
      `The worker's SLA watcher breaches unanswered and late clocks within a minute; the penalties follow.`,
      ``,
      `Where to look (a 30-day token of the general manager 郑总, every site):`,
      `  GM=${gm}`,
      `  curl -s -H "authorization: Bearer $GM" ${api}/dashboard/overview`,
      `  curl -s -H "authorization: Bearer $GM" ${api}/dashboard/departments`,
      `  curl -s -H "authorization: Bearer $GM" '${api}/dashboard/trends?metric=received&granularity=day'`,
      `  curl -s -H "authorization: Bearer $GM" ${api}/reports/monthly/${summary.month}`,
      `  curl -s -H "authorization: Bearer $GM" -o report.xlsx ${api}/reports/monthly/${summary.month}.xlsx`,
      `  curl -s -H "authorization: Bearer $GM" '${api}/penalties/summary?month=${summary.month}'`,
      `  curl -s -H "authorization: Bearer $GM" '${api}/cases?overdue=true'`,
      `  Docs: ${url}/docs`,
      `Cases were received over the last 7 days at most (the API's limit on receivedAt), so the month's report shows this week.`,
    ].join('\n'),
  );
}

if (require.main === module) {
  main().catch((error) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
}
