import type { CaseEvent, PenaltyLine } from '@casebook/domain';
import { penaltyNoticeStreamId, type PenaltyNoticeEvent } from '@casebook/domain/penalty-notices';
import type { StoredEvent } from '@casebook/event-store';
import { useTestDatabase } from '../../test/support/database';
import type { Stored } from '../projection';
import { penaltiesProjection } from './penalties.projection';
import { monthNoticeStatus, monthPenaltyTotal, monthStaffPenalties, PenaltyQueries } from './penalty.queries';

const pg = useTestDatabase();

/** The penalty ledger on a real PostgreSQL: lines, effective figures, totals, replays. */


const CASE_A = '11111111-1111-4111-8111-111111111111';
const CASE_B = '22222222-2222-4222-8222-222222222222';
const ASSESS_1 = 'a1a1a1a1-0000-5000-8000-000000000001';
const ASSESS_2 = 'a1a1a1a1-0000-5000-8000-000000000002';
const ASSESS_3 = 'a1a1a1a1-0000-5000-8000-000000000003';

let position = 100n;
const stored = (caseId: string, event: CaseEvent, recordedAt = '2026-11-16T02:00:00.000Z'): StoredEvent => {
  position += 1n;
  return {
    eventId: `00000000-0000-4000-8000-${position.toString().padStart(12, '0')}`,
    type: event.type,
    version: 1,
    streamId: `case-${caseId}`,
    revision: 0n,
    position,
    recordedAt,
    data: event.data as Record<string, unknown>,
    metadata: { actorId: 'system', actorRole: 'system', commandId: 'c', correlationId: 'c', causationId: 'c', hash: 'h', prevHash: 'p' },
  };
};

const logged = (caseId: string, caseNumber: string, siteId: string) =>
  stored(caseId, { type: 'ComplaintLogged', data: { caseId, caseNumber, siteId } } as unknown as CaseEvent);

const assessed = (caseId: string, assessmentId: string, month: string, lines: Omit<PenaltyLine, 'lineId'>[], recordedAt?: string) =>
  stored(
    caseId,
    {
      type: 'PenaltyAssessed',
      data: {
        assessmentId,
        lines: lines.map((l, i) => ({ lineId: `${assessmentId}.${i + 1}`, ...l })),
        policyVersion: 1,
        amountPerPoint: '100.00',
        trigger: 'trigger',
        month,
      },
    },
    recordedAt,
  );

const history = () => {
  position = 100n;
  return [
    logged(CASE_A, 'CP-202611-0001', 'site-1'),
    logged(CASE_B, 'CP-202611-0002', 'site-2'),
    assessed(CASE_A, ASSESS_1, '2026-11', [
      { rule: 'VALID_MAJOR', targetType: 'department', targetId: 'eng', points: '-6.00', amount: '-600.00', lossAmount: '3000.00', share: '0.6' },
      { rule: 'VALID_MAJOR', targetType: 'staff', targetId: 'eng-1', departmentId: 'eng', points: '-2.40', amount: '-240.00', share: '0.6' },
      { rule: 'VALID_MAJOR', targetType: 'department', targetId: 'sec', points: '-4.00', amount: '-400.00', lossAmount: '2000.00', share: '0.4' },
      { rule: 'VALID_MAJOR', targetType: 'staff', targetId: 'sec-1', departmentId: 'sec', points: '-1.60', amount: '-160.00', share: '0.4' },
    ]),
    assessed(CASE_B, ASSESS_2, '2026-11', [
      { rule: 'SHIRKING', targetType: 'staff', targetId: 'eng-1', departmentId: 'eng', points: '-3.00', amount: '-300.00' },
    ]),
    stored(CASE_A, { type: 'PenaltyAdjusted', data: { lineId: `${ASSESS_1}.1`, points: '-3.00', amount: '-300.00', reason: 'r', adjustedBy: 'mgr-1' } }),
    stored(CASE_A, { type: 'PenaltyWaived', data: { lineId: `${ASSESS_1}.4`, reason: 'r', waivedBy: 'mgr-1' } }),
    // Adjusted once more after the first adjustment, then waived: effective 0.00, last adjustment shown.
    stored(CASE_A, { type: 'PenaltyAdjusted', data: { lineId: `${ASSESS_1}.2`, points: '-1.00', amount: '-100.00', reason: 'r', adjustedBy: 'mgr-1' } }),
    stored(CASE_A, { type: 'PenaltyAdjusted', data: { lineId: `${ASSESS_1}.2`, points: '-2.00', amount: '-200.00', reason: 'r', adjustedBy: 'mgr-1' } }),
    // A staff member the directory did not know: no department; recorded in December (Shanghai).
    assessed(CASE_B, ASSESS_3, '2026-12', [
      { rule: 'SLA_BREACH', targetType: 'staff', targetId: 'gone-1', points: '-1.00', amount: '-100.00' },
    ], '2026-11-30T16:30:00.000Z'),
  ];
};

/** A penalty notice event of November's notice of `siteId` (undefined: all sites), in its own stream. */
const noticeEvent = (event: PenaltyNoticeEvent, month = '2026-11', siteId?: string): StoredEvent => ({
  ...stored(CASE_A, event as unknown as CaseEvent),
  streamId: penaltyNoticeStreamId(month, siteId),
});
const issued = (lineIds: string[], month = '2026-11', siteId?: string) =>
  noticeEvent(
    {
      type: 'PenaltyNoticeIssued',
      data: { month, ...(siteId ? { siteId } : {}), lineIds, totals: { points: '0.00', amount: '0.00' }, objectionDeadline: '2026-12-04T01:00:00.000Z', issuedBy: 'mgr-1' },
    },
    month,
    siteId,
  );
const objected = (lineId: string) =>
  noticeEvent({ type: 'PenaltyObjected', data: { lineId, reason: `not ours: ${lineId}`, objectedBy: 'eng-sup', departmentId: 'eng' } }, '2026-11', 'site-1');
const rejected = (lineId: string) => noticeEvent({ type: 'PenaltyObjectionRejected', data: { lineId, decidedBy: 'gm-1' } }, '2026-11', 'site-1');
const approved = (month = '2026-11', siteId?: string) =>
  noticeEvent({ type: 'PenaltyNoticeApproved', data: { month, ...(siteId ? { siteId } : {}), approvedBy: 'gm-1' } }, month, siteId);

/** What the runner does, minus the checkpoint: the handled events, in one transaction. */
async function project(events: StoredEvent[]): Promise<void> {
  const handled = events.filter((e) => (penaltiesProjection.types as readonly string[]).includes(e.type));
  await pg.db.transaction((manager) => penaltiesProjection.apply(handled as Stored<never>[], manager));
}

const tables = async () => ({
  lines: await pg.db.query('SELECT * FROM penalty_lines ORDER BY line_id'),
  totals: await pg.db.query('SELECT * FROM penalty_totals ORDER BY month, scope, target_type, target_id'),
});

/** The totals as the lines add up (a staff total with its latest line's department): what penalty_totals must always equal. */
const totalsFromLines = () =>
  pg.db.query(
    `SELECT p.month, s.scope, k.target_type, k.target_id, sum(p.effective_points)::text AS points,
            sum(p.effective_amount)::text AS amount, count(*)::int AS lines,
            CASE WHEN k.target_type = 'staff' THEN (array_agg(p.department_id ORDER BY p.position DESC, p.line_no DESC))[1] END AS department_id,
            CASE WHEN k.target_type = 'staff' THEN max(p.position)::text END AS department_position
       FROM penalty_lines p
      CROSS JOIN LATERAL (VALUES (p.site_id), ('*')) AS s(scope)
      CROSS JOIN LATERAL (SELECT 'staff'::text, p.target_id WHERE p.target_type = 'staff'
                          UNION ALL SELECT 'department', p.department_id WHERE p.department_id IS NOT NULL
                          UNION ALL SELECT 'all', '*') AS k(target_type, target_id)
      GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4`,
  );

const storedTotals = async () =>
  (await tables()).totals.map(({ month, scope, target_type, target_id, points, amount, lines, department_id, department_position }: Record<string, unknown>) => ({
    month, scope, target_type, target_id, points, amount, lines, department_id, department_position,
  }));

/** The effective figures of a month's lines in some sites, added up from the lines. */
const lineSums = async (month: string, sites: string[] | 'all') => {
  const [sums] = await pg.db.query(
    `SELECT COALESCE(sum(effective_points), 0)::text AS points, COALESCE(sum(effective_amount), 0)::text AS amount
       FROM penalty_lines WHERE month = $1 AND ($2::text[] IS NULL OR site_id = ANY($2::text[]))`,
    [month, sites === 'all' ? null : sites],
  );
  return sums;
};



beforeEach(() => pg.db.query('TRUNCATE penalty_lines, penalty_totals, penalty_cases, penalty_notices'));

describe('penalties projection', () => {
  it('keeps each line with its original, adjusted and effective figures', async () => {
    await project(history());
    const ledger = new PenaltyQueries(pg.db);
    const { items, nextCursor } = await ledger.list({ month: '2026-11', sites: 'all', limit: 50 });
    expect(nextCursor).toBeNull();
    expect(items).toEqual([
      {
        lineId: `${ASSESS_1}.1`,
        caseId: CASE_A,
        caseNumber: 'CP-202611-0001',
        siteId: 'site-1',
        rule: 'VALID_MAJOR',
        policyVersion: 1,
        targetType: 'department',
        targetId: 'eng',
        departmentId: 'eng',
        share: '0.6',
        points: '-6.00',
        amount: '-600.00',
        lossAmount: '3000.00',
        adjustedPoints: '-3.00',
        adjustedAmount: '-300.00',
        waived: false,
        effectivePoints: '-3.00',
        effectiveAmount: '-300.00',
        recordedAt: '2026-11-16T02:00:00.000Z',
      },
      expect.objectContaining({ lineId: `${ASSESS_1}.2`, targetId: 'eng-1', departmentId: 'eng', points: '-2.40', adjustedPoints: '-2.00', effectivePoints: '-2.00', effectiveAmount: '-200.00' }),
      expect.objectContaining({ lineId: `${ASSESS_1}.3`, targetId: 'sec', points: '-4.00', effectivePoints: '-4.00', waived: false }),
      expect.objectContaining({ lineId: `${ASSESS_1}.4`, targetId: 'sec-1', points: '-1.60', waived: true, effectivePoints: '0.00', effectiveAmount: '0.00' }),
      expect.objectContaining({ lineId: `${ASSESS_2}.1`, caseId: CASE_B, siteId: 'site-2', rule: 'SHIRKING', targetId: 'eng-1', effectivePoints: '-3.00' }),
    ]);
    expect(items[3]).not.toHaveProperty('adjustedPoints');
    expect(items[4]).not.toHaveProperty('lossAmount');
    expect((await ledger.list({ month: '2026-12', sites: 'all', limit: 50 })).items).toEqual([
      expect.objectContaining({ targetId: 'gone-1', departmentId: null, recordedAt: '2026-11-30T16:30:00.000Z' }),
    ]);
  });

  it('filters by site, staff and department (its own lines and its staff’s), and pages by cursor', async () => {
    await project(history());
    const ledger = new PenaltyQueries(pg.db);
    const ids = async (f: object) =>
      (await ledger.list({ month: '2026-11', sites: 'all', limit: 50, ...f })).items.map((i) => i.lineId.slice(-1) + ':' + i.targetId);
    expect(await ids({ sites: ['site-2'] })).toEqual(['1:eng-1']);
    expect(await ids({ sites: ['site-1', 'site-2'] })).toHaveLength(5);
    expect(await ids({ sites: ['site-3'] })).toEqual([]);
    expect(await ids({ staffId: 'eng-1' })).toEqual(['2:eng-1', '1:eng-1']);
    expect(await ids({ staffId: 'eng' })).toEqual([]); // a department is not a staff member
    expect(await ids({ departmentId: 'eng' })).toEqual(['1:eng', '2:eng-1', '1:eng-1']);
    expect(await ids({ departmentId: 'eng', sites: ['site-1'] })).toEqual(['1:eng', '2:eng-1']);

    const pages: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await ledger.list({ month: '2026-11', sites: 'all', limit: 2, cursor });
      pages.push(page.items.map((i) => i.lineId).join(','));
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    expect(pages).toEqual([`${ASSESS_1}.1,${ASSESS_1}.2`, `${ASSESS_1}.3,${ASSESS_1}.4`, `${ASSESS_2}.1`]);
  });

  it('sums the effective figures per staff member and department, for all sites or some', async () => {
    await project(history());
    const ledger = new PenaltyQueries(pg.db);
    expect(await ledger.summary({ month: '2026-11', sites: 'all' })).toEqual({
      noticeStatus: 'none',
      staff: [
        { staffId: 'eng-1', points: '-5.00', amount: '-500.00' },
        { staffId: 'sec-1', points: '0.00', amount: '0.00' },
      ],
      departments: [
        { departmentId: 'eng', points: '-8.00', amount: '-800.00' },
        { departmentId: 'sec', points: '-4.00', amount: '-400.00' },
      ],
    });
    expect(await ledger.summary({ month: '2026-11', sites: ['site-2'] })).toEqual({
      noticeStatus: 'none',
      staff: [{ staffId: 'eng-1', points: '-3.00', amount: '-300.00' }],
      departments: [{ departmentId: 'eng', points: '-3.00', amount: '-300.00' }],
    });
    expect(await ledger.summary({ month: '2026-11', sites: ['site-1', 'site-2'] })).toEqual(await ledger.summary({ month: '2026-11', sites: 'all' }));
    expect(await ledger.summary({ month: '2026-12', sites: 'all' })).toEqual({
      noticeStatus: 'none',
      staff: [{ staffId: 'gone-1', points: '-1.00', amount: '-100.00' }],
      departments: [],
    });
    expect(await ledger.summary({ month: '2026-10', sites: 'all' })).toEqual({ noticeStatus: 'none', staff: [], departments: [] });
  });

  it('changes nothing when a batch is applied again; the totals always equal what the lines add up to', async () => {
    const events = history();
    for (const event of events) await project([event]);
    const once = await tables();
    expect(await storedTotals()).toEqual(await totalsFromLines());

    await project(events);
    await project(events.slice(3));
    await project(events.slice(5, 7));
    expect(await tables()).toEqual(once);

    // The same history in batches of every size gives the same tables.
    for (const size of [2, 3, events.length]) {
      await pg.db.query('TRUNCATE penalty_lines, penalty_totals, penalty_cases, penalty_notices');
      for (let i = 0; i < events.length; i += size) await project(events.slice(i, i + size));
      expect(await tables()).toEqual(once);
    }
  });

  it('keeps a month’s total of all lines per scope as the lines add up, through adjustments and waivers', async () => {
    const events = history();
    const scopes: [string[], string[] | 'all'][] = [[['*'], 'all'], [['site-1'], ['site-1']], [['site-2'], ['site-2']], [['site-1', 'site-2'], ['site-1', 'site-2']], [['site-3'], ['site-3']]];
    // Cases and assessments; the first adjustment; the first waiver; the rest.
    for (const batch of [events.slice(0, 4), events.slice(4, 5), events.slice(5, 6), events.slice(6)]) {
      await project(batch);
      for (const month of ['2026-11', '2026-12']) {
        for (const [scope, sites] of scopes) expect(await monthPenaltyTotal(pg.db, month, scope)).toEqual(await lineSums(month, sites));
      }
      expect(await storedTotals()).toEqual(await totalsFromLines());
    }
    expect(await monthPenaltyTotal(pg.db, '2026-11', ['*'])).toEqual({ points: '-12.00', amount: '-1200.00' });
    expect(await monthPenaltyTotal(pg.db, '2026-11', ['site-1'])).toEqual({ points: '-9.00', amount: '-900.00' });
    expect(await monthPenaltyTotal(pg.db, '2026-10', ['*'])).toEqual({ points: '0', amount: '0' });
  });

  it('gives each staff total the department of the staff member’s latest line, never an older one', async () => {
    const events = history();
    await project(events);
    const moved = [
      assessed(CASE_B, ASSESS_3.replace(/3$/, '4'), '2026-11', [
        { rule: 'SHIRKING', targetType: 'staff', targetId: 'eng-1', departmentId: 'ops', points: '-1.00', amount: '-100.00' },
        { rule: 'SHIRKING', targetType: 'staff', targetId: 'eng-1', departmentId: 'sec', points: '-1.00', amount: '-100.00' },
      ]),
    ];
    await project(moved);
    await pg.db.query(`INSERT INTO directory_staff VALUES ('eng-1', 'Li Wei', 'sec', 'staff', '{site-2}', true, 1)`);
    try {
      // The later of two lines of one assessment wins; site-1 keeps its own latest line's department.
      expect(await monthStaffPenalties(pg.db, '2026-11', ['*'])).toEqual([
        { staffId: 'eng-1', staffName: 'Li Wei', departmentId: 'sec', points: '-7.00', amount: '-700.00', lines: 4 },
        { staffId: 'sec-1', staffName: null, departmentId: 'sec', points: '0.00', amount: '0.00', lines: 1 },
      ]);
      expect(await monthStaffPenalties(pg.db, '2026-11', ['site-1'])).toEqual([
        expect.objectContaining({ staffId: 'eng-1', departmentId: 'eng', points: '-2.00', lines: 1 }),
        expect.objectContaining({ staffId: 'sec-1', departmentId: 'sec' }),
      ]);
      expect(await monthStaffPenalties(pg.db, '2026-11', ['site-1', 'site-2'])).toEqual(await monthStaffPenalties(pg.db, '2026-11', ['*']));
      expect(await monthStaffPenalties(pg.db, '2026-10', ['*'])).toEqual([]);

      // A line of an older position, seen late, adds its figures but leaves the department.
      position = 50n;
      await project([assessed(CASE_B, ASSESS_3.replace(/3$/, '5'), '2026-11', [
        { rule: 'SHIRKING', targetType: 'staff', targetId: 'eng-1', departmentId: 'eng', points: '-1.00', amount: '-100.00' },
      ])]);
      expect((await monthStaffPenalties(pg.db, '2026-11', ['site-2']))[0]).toEqual(
        { staffId: 'eng-1', staffName: 'Li Wei', departmentId: 'sec', points: '-6.00', amount: '-600.00', lines: 4 },
      );
      expect((await monthStaffPenalties(pg.db, '2026-11', ['*']))[0]).toEqual(expect.objectContaining({ departmentId: 'sec', lines: 5 }));
      expect(await storedTotals()).toEqual(await totalsFromLines());

      // Replaying everything changes nothing.
      const before = await tables();
      await project([...events, ...moved]);
      expect(await tables()).toEqual(before);
    } finally {
      await pg.db.query(`DELETE FROM directory_staff WHERE id = 'eng-1'`);
    }
  });

  describe('the penalty notice (PRODUCT.md §14)', () => {
    const line = (n: number) => `${ASSESS_1}.${n}`;
    /** History, then site-1's November notice: objections rejected, upheld by an adjustment or a waiver, or pending. */
    const noticeHistory = () => [
      ...history(),
      issued([1, 2, 3, 4].map(line), '2026-11', 'site-1'),
      objected(line(3)),
      stored(CASE_A, { type: 'PenaltyWaived', data: { lineId: line(3), reason: 'objection upheld', waivedBy: 'mgr-1' } }),
      objected(line(2)),
      rejected(line(2)),
      objected(line(1)),
    ];
    const statuses = async () => {
      const { items } = await new PenaltyQueries(pg.db).list({ month: '2026-11', sites: 'all', limit: 50 });
      return items.map((i) => [i.lineId.slice(-2), i.notice, i.objection?.status]);
    };

    it('shows each line’s notice and objection: pending, rejected, or upheld by the adjustment or waiver after it', async () => {
      await project(noticeHistory());
      expect(await statuses()).toEqual([
        ['.1', { siteId: 'site-1', status: 'issued' }, 'pending'], // adjusted before its objection: still pending
        ['.2', { siteId: 'site-1', status: 'issued' }, 'rejected'],
        ['.3', { siteId: 'site-1', status: 'issued' }, 'waived'],
        ['.4', { siteId: 'site-1', status: 'issued' }, undefined],
        ['.1', undefined, undefined], // site-2's line: on no notice yet
      ]);
      const [first] = (await new PenaltyQueries(pg.db).list({ month: '2026-11', sites: ['site-1'], limit: 1 })).items;
      expect(first.objection).toEqual({ reason: `not ours: ${line(1)}`, objectedBy: 'eng-sup', status: 'pending' });

      // An adjustment after a rejection decides the objection again; approval makes the notice approved.
      await project([
        stored(CASE_A, { type: 'PenaltyAdjusted', data: { lineId: line(2), points: '-1.00', amount: '-100.00', reason: 'r', adjustedBy: 'mgr-1' } }),
        stored(CASE_A, { type: 'PenaltyAdjusted', data: { lineId: line(1), points: '-1.00', amount: '-100.00', reason: 'r', adjustedBy: 'mgr-1' } }),
        approved('2026-11', 'site-1'),
      ]);
      expect((await statuses()).slice(0, 3)).toEqual([
        ['.1', { siteId: 'site-1', status: 'approved' }, 'adjusted'],
        ['.2', { siteId: 'site-1', status: 'approved' }, 'adjusted'],
        ['.3', { siteId: 'site-1', status: 'approved' }, 'waived'],
      ]);
      expect(await storedTotals()).toEqual(await totalsFromLines());
    });

    it('says how far the notices covering a month’s lines have come, per scope', async () => {
      await project(noticeHistory());
      const status = (month: string, sites: string[] | 'all') => monthNoticeStatus(pg.db, month, sites);
      expect(await status('2026-11', ['site-1'])).toBe('issued');
      expect(await status('2026-11', ['site-2'])).toBe('none');
      // site-2 has lines and no notice yet: all sites together are not issued.
      expect(await status('2026-11', 'all')).toBe('none');
      expect(await status('2026-11', ['site-3'])).toBe('none');

      await project([approved('2026-11', 'site-1'), issued([`${ASSESS_2}.1`], '2026-11', 'site-2')]);
      expect(await status('2026-11', ['site-1'])).toBe('approved');
      expect(await status('2026-11', 'all')).toBe('issued');
      expect(await status('2026-11', ['site-1', 'site-2'])).toBe('issued');
      expect((await new PenaltyQueries(pg.db).summary({ month: '2026-11', sites: ['site-1'] })).noticeStatus).toBe('approved');

      // December: the all-sites notice covers every site, a site without lines included.
      expect(await status('2026-12', 'all')).toBe('none');
      await project([issued([`${ASSESS_3}.1`], '2026-12')]);
      for (const sites of ['all', ['site-1'], ['site-2']] as (string[] | 'all')[]) expect(await status('2026-12', sites)).toBe('issued');
      await project([approved('2026-12')]);
      expect(await status('2026-12', 'all')).toBe('approved');
      expect((await new PenaltyQueries(pg.db).list({ month: '2026-12', sites: 'all', limit: 1 })).items[0].notice).toEqual({ siteId: null, status: 'approved' });
    });

    it('changes nothing when a batch with notice events is applied again, in batches of any size', async () => {
      const events = [...noticeHistory(), approved('2026-11', 'site-1')];
      for (const event of events) await project([event]);
      const once = { ...(await tables()), notices: await pg.db.query('SELECT * FROM penalty_notices ORDER BY month, scope') };
      const again = async () => ({ ...(await tables()), notices: await pg.db.query('SELECT * FROM penalty_notices ORDER BY month, scope') });
      await project(events);
      await project(events.slice(8));
      expect(await again()).toEqual(once);
      for (const size of [2, 5, events.length]) {
        await pg.db.query('TRUNCATE penalty_lines, penalty_totals, penalty_cases, penalty_notices');
        for (let i = 0; i < events.length; i += size) await project(events.slice(i, i + size));
        expect(await again()).toEqual(once);
      }
    });
  });

  it('fails loudly on a line whose case it never saw logged', async () => {
    position = 500n;
    await expect(
      project([assessed(CASE_A, ASSESS_1, '2026-11', [{ rule: 'SHIRKING', targetType: 'staff', targetId: 'x', points: '-3.00', amount: '-300.00' }])]),
    ).rejects.toThrow(/null value in column "case_number"/);
  });
});
