import { inLanes } from '@casebook/platform';
import { DemoError, DemoClient, type Caller } from './demo-client';
import { CATEGORY_DEPARTMENT, DEPARTMENTS, NAMES, prng, SITE_IDS, SITES, STAFF, SUBJECTS } from './demo-data';

/**
 * The demo's driver: registers the directory (demo-data.ts), then drives DEMO_CASES cases
 * (default 300) through the real commands: kinds, categories, channels and severities in
 * realistic proportions (~10% major), replies, validations (some invalid), assignments,
 * investigations with shares, rectifications, settlements (approved by whoever has the
 * authority, some rejected, accepted or disputed), return visits with satisfaction, closures,
 * a few reopens and shirking records.
 *
 * Time: the API accepts receivedAt at most 7 days in the past, and every later step happens
 * "now" — except the rectification, whose completedAt may be stated in the past (not before
 * the case was received): it is done hours to days after receipt, within the day for most
 * major complaints, so the departments' rectification hours mean something. About half the
 * cases are received in the last ~100 minutes (replied within the 2-hour first-reply target)
 * and the rest spread over the last 7 days: their replies come late, and those left unanswered
 * are breached by the worker's SLA watcher, which escalates them. The monthly report of the
 * current month therefore shows this week, not a whole month; its penalty notice can be issued
 * once the month has ended (the demo prints where to look).
 *
 * It works beside other data: its sites, departments and staff are its own (an entry already
 * registered by an earlier run is kept), and it refuses only when its own sites already have
 * cases, i.e. when it has run on this store before.
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

const caller = (id: string): Caller => {
  const staff = STAFF.find((s) => s.id === id)!;
  return { sub: staff.id, role: staff.role, sites: SITE_IDS };
};
const ADMIN: Caller = { sub: 'demo-admin', role: 'admin' };

/** The demo fills its own sites once: a second run would mix two weeks into one. */
async function refuseSecondRun(client: DemoClient) {
  for (const siteId of SITE_IDS) {
    const existing = await client.request('GET', `/cases?siteId=${siteId}&limit=1`, { sub: 'demo-admin', role: 'gm' });
    if (existing.status === 401) throw new DemoError('the Casebook refused the demo token: is it configured with the same secret (CASEBOOK_JWT_SECRET / data dir)?');
    if (existing.status === 404) continue; // the site is not registered yet
    if (existing.status !== 200) throw new DemoError(`GET /cases: ${existing.status} ${JSON.stringify(existing.body)}`);
    if (existing.body.items.length > 0) {
      throw new DemoError(
        `the demo has filled this store before (site ${siteId} has cases). To start over, stop Casebook and delete its data ` +
          `directory (./.casebook, or CASEBOOK_DATA_DIR), or point DATABASE_URL at an empty database.`,
      );
    }
  }
}

/** Registers the directory; an entry already there (409) is left as it is. */
async function registerDirectory(client: DemoClient) {
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

/** Fills a Casebook; throws if the demo's own sites already have cases. */
export async function runDemo(options: DemoOptions): Promise<DemoSummary> {
  const total = options.cases ?? 300;
  const concurrency = options.concurrency ?? 8;
  const progress = options.progress ?? bar;
  const rnd = prng(options.seed ?? 20261123);
  const client = new DemoClient(options.url.replace(/\/+$/, ''), options.secret);
  await refuseSecondRun(client);

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
      r: Array.from({ length: 13 }, () => rnd.next()),
    };
  });

  async function drive(p: (typeof plans)[number]) {
    const agent = caller(p.agent);
    const sup = caller(p.supervisor);
    const [rReply, rOnSpot, rInvalid, rStopAssigned, rInvestigate, rStopRectified, rSettle, rDecision, rCustomer, rVisit, rReopen, rShirk, rRectify] = p.r;
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

    await c('/rectification', caller(departmentId === 'front' ? p.agent : assignee), {
      description: 'Fixed on site, photos attached',
      completedAt: new Date(Date.parse(p.receivedAt) + rectificationDelayMs(p, rRectify)).toISOString(),
    });
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

  /**
   * When the work was done, after receipt: a major complaint within the day, others within about
   * three days; never later than most of the case's age (a recent case was fixed minutes ago).
   */
  function rectificationDelayMs(p: (typeof plans)[number], r: number): number {
    const typicalHours = p.severity === 'major' ? 2 + r * 20 : 3 + r * 70;
    return Math.min(typicalHours * 3600_000, (now - Date.parse(p.receivedAt)) * (0.3 + 0.6 * r));
  }

  let done = 0;
  progress(0, total);
  await inLanes(plans, concurrency, async (plan) => {
    await drive(plan);
    progress(++done, total);
  });

  const zone = process.env.CASEBOOK_TZ ?? 'Asia/Shanghai';
  const month = new Intl.DateTimeFormat('en-CA', { timeZone: zone, year: 'numeric', month: '2-digit' }).format(new Date()).slice(0, 7);
  return { cases: total, commands: client.commands, refused: client.refused, byStatusIntended, month, lastPosition: client.lastPosition.toString() };
}
