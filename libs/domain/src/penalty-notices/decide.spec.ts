/** The penalty notice (奖罚通知单, PRODUCT.md §14): issue, objections, decisions, approval. */
import { DomainError, type DomainErrorCode } from '../errors';
import { DEFAULT_POLICIES } from '../policies';
import type { Actor, DecisionContext } from '../case/context';
import { DEPARTMENTS, actors, ctx, shanghai } from '../case/testing/decider-spec';
import {
  decidePenaltyNotice,
  type ApprovePenaltyNotice,
  type IssuePenaltyNotice,
  type ObjectToPenalty,
  type PenaltyNoticeCommand,
  type RejectPenaltyObjection,
} from './decide';
import {
  evolvePenaltyNotice,
  initialPenaltyNoticeState,
  penaltyNoticeStreamId,
  type PenaltyNoticeEvent,
  type PenaltyNoticeIssued,
  type PenaltyNoticeState,
} from './events';

const ENG = DEPARTMENTS.engineering;
const engSupervisor: Actor = { id: 'eng-sup', role: 'supervisor', departmentId: ENG };
const engAgent: Actor = { id: 'eng-agent', role: 'agent', departmentId: ENG };
const engManager: Actor = { id: 'eng-mgr', role: 'manager', departmentId: ENG };

/** November 2026 ends at 2026-12-01 00:00 in Shanghai; issued Tue 09:00, objections until Fri 09:00. */
const ISSUED_AT = shanghai('2026-12-01T09:00');
const DEADLINE = shanghai('2026-12-04T09:00');

const lines = [
  { lineId: 'a.1', points: '-3.00', amount: '-300.00' },
  { lineId: 'a.2', points: '-1.50', amount: '-150.00' },
  { lineId: 'b.1', points: '0.00', amount: '0.00' },
];
const issue = (o: Partial<IssuePenaltyNotice> = {}): IssuePenaltyNotice => ({
  type: 'IssuePenaltyNotice',
  month: '2026-11',
  siteId: 'site-1',
  lines,
  overlappingNoticeIssued: false,
  ...o,
});
const object = (o: Partial<ObjectToPenalty> = {}): ObjectToPenalty => ({
  type: 'ObjectToPenalty',
  lineId: 'a.1',
  reason: 'The delay was the supplier’s',
  chargedDepartmentId: ENG,
  ...o,
});
const reject = (o: Partial<RejectPenaltyObjection> = {}): RejectPenaltyObjection => ({ type: 'RejectPenaltyObjection', lineId: 'a.1', upheld: false, ...o });
const approve = (upheldObjections: string[] = []): ApprovePenaltyNotice => ({ type: 'ApprovePenaltyNotice', upheldObjections });

const issued = (o: Partial<PenaltyNoticeIssued['data']> = {}): PenaltyNoticeIssued => ({
  type: 'PenaltyNoticeIssued',
  data: {
    month: '2026-11',
    siteId: 'site-1',
    lineIds: ['a.1', 'a.2', 'b.1'],
    totals: { points: '-4.50', amount: '-450.00' },
    objectionDeadline: DEADLINE,
    issuedBy: actors.manager.id,
    ...o,
  },
});
const objected = (lineId = 'a.1'): PenaltyNoticeEvent => ({
  type: 'PenaltyObjected',
  data: { lineId, reason: 'The delay was the supplier’s', objectedBy: engSupervisor.id, departmentId: ENG },
});
const rejected = (lineId = 'a.1'): PenaltyNoticeEvent => ({ type: 'PenaltyObjectionRejected', data: { lineId, decidedBy: actors.gm.id } });
const approved: PenaltyNoticeEvent = { type: 'PenaltyNoticeApproved', data: { month: '2026-11', siteId: 'site-1', approvedBy: actors.gm.id } };

const stateOf = (events: PenaltyNoticeEvent[]): PenaltyNoticeState => events.reduce(evolvePenaltyNotice, initialPenaltyNoticeState);

/** The decision on a notice stream holding `events`, by `actor` at `now`. */
function decided(events: PenaltyNoticeEvent[], command: PenaltyNoticeCommand, actor: Actor, more: Partial<DecisionContext> = {}) {
  try {
    return decidePenaltyNotice(command, stateOf(events), ctx({ actor, now: ISSUED_AT, ...more }));
  } catch (error) {
    if (error instanceof DomainError) return error;
    throw error;
  }
}
const refusal = (outcome: unknown): { code: DomainErrorCode; missing?: string[] } => {
  if (!(outcome instanceof DomainError)) throw new Error(`expected a refusal, got ${JSON.stringify(outcome)}`);
  return { code: outcome.code, ...(outcome.details.missing?.length ? { missing: outcome.details.missing } : {}) };
};
const codeOf = (outcome: unknown) => refusal(outcome).code;

describe('IssuePenaltyNotice', () => {
  it('a manager issues a site’s notice after the month: its lines, their effective totals, objections for 3 working days', () => {
    expect(decided([], issue(), actors.manager)).toEqual([issued()]);
  });

  it('the all-sites notice names no site, nor does its stream', () => {
    const [event] = decided([], issue({ siteId: undefined }), actors.gm) as PenaltyNoticeEvent[];
    expect(event.data).not.toHaveProperty('siteId');
    expect(penaltyNoticeStreamId('2026-11')).toBe('penalty-notice-2026-11');
    expect(penaltyNoticeStreamId('2026-11', 'site-1')).toBe('penalty-notice-2026-11-site-1');
  });

  it('a month without lines has a notice with totals 0.00', () => {
    expect(decided([], issue({ lines: [] }), actors.manager)).toEqual([issued({ lineIds: [], totals: { points: '0.00', amount: '0.00' } })]);
  });

  it('counts the objection window in working days as §4 does: from a holiday, from the next working day’s 00:00', () => {
    // 2026-10-01 is National Day; 2026-10-10 (Sat) an adjusted working day.
    const [event] = decided([], issue({ month: '2026-09' }), actors.manager, { now: shanghai('2026-10-01T09:00') }) as PenaltyNoticeIssued[];
    expect(event.data.objectionDeadline).toBe(shanghai('2026-10-12T00:00'));
  });

  it('uses the objection window of the penalty policy in force', () => {
    const policies = { ...DEFAULT_POLICIES, penalty: { version: 2, policy: { ...DEFAULT_POLICIES.penalty.policy, objectionWorkingDays: 1 } } };
    const [event] = decided([], issue(), actors.manager, { policies }) as PenaltyNoticeIssued[];
    expect(event.data.objectionDeadline).toBe(shanghai('2026-12-02T09:00'));
  });

  describe('refusals, in API.md order', () => {
    it('400 for a month that is none, before the role', () => {
      expect(decided([], issue({ month: '2026-13' }), actors.agent)).toMatchObject({ code: 'VALIDATION_FAILED', details: { errors: [{ path: 'month' }] } });
    });

    it.each(['agent', 'supervisor', 'handler', 'auditor'] as const)('403 for the %s (manager and above)', (who) => {
      expect(codeOf(decided([], issue(), actors[who]))).toBe('FORBIDDEN');
    });

    it('409 INVALID_STATE_TRANSITION when the notice is issued already, or approved', () => {
      expect(codeOf(decided([issued()], issue(), actors.manager))).toBe('INVALID_STATE_TRANSITION');
      expect(codeOf(decided([issued(), approved], issue(), actors.manager))).toBe('INVALID_STATE_TRANSITION');
    });

    it('409 PRECONDITION_NOT_MET while the month runs, in the configured zone', () => {
      expect(refusal(decided([], issue(), actors.manager, { now: '2026-11-30T15:59:59.999Z' }))).toEqual({ code: 'PRECONDITION_NOT_MET', missing: ['month_ended'] });
      expect(decided([], issue(), actors.manager, { now: '2026-11-30T16:00:00.000Z' })).toHaveLength(1);
    });

    it('409 PRECONDITION_NOT_MET when the other scope’s notice of the month is issued', () => {
      expect(refusal(decided([], issue({ overlappingNoticeIssued: true }), actors.manager))).toEqual({
        code: 'PRECONDITION_NOT_MET',
        missing: ['no overlapping notice'],
      });
      expect(decided([], issue({ siteId: undefined, overlappingNoticeIssued: true }), actors.manager)).toMatchObject({ message: expect.stringContaining('a site’s notice') });
    });
  });
});

describe('ObjectToPenalty (签呈)', () => {
  it('a supervisor of the charged department objects within the window', () => {
    expect(decided([issued()], object(), engSupervisor)).toEqual([objected()]);
  });

  it('the deadline is inclusive', () => {
    expect(decided([issued()], object(), engManager, { now: DEADLINE })).toEqual([
      { type: 'PenaltyObjected', data: { lineId: 'a.1', reason: 'The delay was the supplier’s', objectedBy: engManager.id, departmentId: ENG } },
    ]);
    expect(refusal(decided([issued()], object(), engManager, { now: new Date(Date.parse(DEADLINE) + 1).toISOString() }))).toEqual({
      code: 'PRECONDITION_NOT_MET',
      missing: ['within the objection window'],
    });
  });

  describe('refusals, in API.md order', () => {
    it.each([
      ['an agent of the department', engAgent],
      ['a handler of the department', { id: 'eng-h', role: 'handler', departmentId: ENG } as Actor],
      ['an auditor', actors.auditor],
    ])('403 for %s (supervisor and above)', (_, who) => {
      expect(codeOf(decided([issued()], object(), who))).toBe('FORBIDDEN');
    });

    it('403 before the state: an agent on a notice not issued', () => {
      expect(codeOf(decided([], object(), engAgent))).toBe('FORBIDDEN');
    });

    it('409 INVALID_STATE_TRANSITION before the notice is issued and once approved, before the relation', () => {
      expect(codeOf(decided([], object(), engSupervisor))).toBe('INVALID_STATE_TRANSITION');
      expect(codeOf(decided([issued(), approved], object(), actors.supervisor))).toBe('INVALID_STATE_TRANSITION');
    });

    it('403 for a supervisor or manager of another department, before the preconditions', () => {
      expect(codeOf(decided([issued()], object(), actors.supervisor))).toBe('FORBIDDEN');
      expect(codeOf(decided([issued()], object(), actors.gm, { now: shanghai('2026-12-10T09:00') }))).toBe('FORBIDDEN');
    });

    it('409 PRECONDITION_NOT_MET for a line not on the notice', () => {
      expect(refusal(decided([issued()], object({ lineId: 'z.9' }), engSupervisor))).toEqual({ code: 'PRECONDITION_NOT_MET', missing: ['a line of the notice'] });
    });

    it('409 PRECONDITION_NOT_MET for a second objection to a line, even rejected', () => {
      expect(refusal(decided([issued(), objected()], object(), engManager))).toEqual({ code: 'PRECONDITION_NOT_MET', missing: ['no objection yet'] });
      expect(codeOf(decided([issued(), objected(), rejected()], object(), engSupervisor))).toBe('PRECONDITION_NOT_MET');
      expect(decided([issued(), objected()], object({ lineId: 'a.2' }), engSupervisor)).toEqual([objected('a.2')]);
    });
  });
});

describe('RejectPenaltyObjection', () => {
  it('the approver (gm by default) rejects an objection', () => {
    expect(decided([issued(), objected()], reject({ comment: 'Supplier was ours to manage' }), actors.gm)).toEqual([
      { type: 'PenaltyObjectionRejected', data: { lineId: 'a.1', comment: 'Supplier was ours to manage', decidedBy: actors.gm.id } },
    ]);
  });

  it('the approver is the policy’s noticeApprover or above', () => {
    const policies = { ...DEFAULT_POLICIES, penalty: { version: 2, policy: { ...DEFAULT_POLICIES.penalty.policy, noticeApprover: 'deputy_gm' as const } } };
    expect(decided([issued(), objected()], reject(), actors.deputy_gm, { policies })).toEqual([
      { type: 'PenaltyObjectionRejected', data: { lineId: 'a.1', decidedBy: actors.deputy_gm.id } },
    ]);
    expect(codeOf(decided([issued(), objected()], reject(), actors.manager, { policies }))).toBe('FORBIDDEN');
  });

  describe('refusals, in API.md order', () => {
    it.each(['manager', 'deputy_gm', 'supervisor', 'auditor'] as const)('403 for the %s (below the approver, gm)', (who) => {
      expect(codeOf(decided([issued(), objected()], reject(), actors[who]))).toBe('FORBIDDEN');
    });

    it('409 INVALID_STATE_TRANSITION before the notice is issued and once approved', () => {
      expect(codeOf(decided([], reject(), actors.gm))).toBe('INVALID_STATE_TRANSITION');
      expect(codeOf(decided([issued(), objected(), rejected(), approved], reject(), actors.gm))).toBe('INVALID_STATE_TRANSITION');
    });

    it.each<[string, PenaltyNoticeEvent[], Partial<RejectPenaltyObjection>]>([
      ['no objection', [issued()], {}],
      ['an objection rejected already', [issued(), objected(), rejected()], {}],
      ['an objection upheld by an adjustment or a waiver', [issued(), objected()], { upheld: true }],
    ])('409 PRECONDITION_NOT_MET for %s', (_, events, o) => {
      expect(refusal(decided(events, reject(o), actors.gm))).toEqual({ code: 'PRECONDITION_NOT_MET', missing: ['a pending objection'] });
    });
  });
});

describe('ApprovePenaltyNotice', () => {
  const afterDeadline = { now: shanghai('2026-12-04T09:00:01') };

  it('the approver approves once the objection window has closed', () => {
    expect(decided([issued()], approve(), actors.gm, afterDeadline)).toEqual([approved]);
    expect(decided([issued({ siteId: undefined })], approve(), actors.gm, afterDeadline)).toEqual([
      { type: 'PenaltyNoticeApproved', data: { month: '2026-11', approvedBy: actors.gm.id } },
    ]);
  });

  it('with every objection decided: rejected, or upheld by an adjustment or a waiver', () => {
    const events = [issued(), objected('a.1'), objected('a.2'), rejected('a.1')];
    expect(decided(events, approve(['a.2']), actors.gm, afterDeadline)).toEqual([approved]);
  });

  it('leaves the notice approved', () => {
    expect(stateOf([issued(), objected(), rejected(), approved])).toEqual({
      status: 'approved',
      month: '2026-11',
      siteId: 'site-1',
      lineIds: ['a.1', 'a.2', 'b.1'],
      objectionDeadline: DEADLINE,
      objections: { 'a.1': 'rejected' },
    });
  });

  describe('refusals, in API.md order', () => {
    it.each(['manager', 'deputy_gm', 'agent'] as const)('403 for the %s (below the approver, gm)', (who) => {
      expect(codeOf(decided([issued()], approve(), actors[who], afterDeadline))).toBe('FORBIDDEN');
    });

    it('403 before the state', () => {
      expect(codeOf(decided([], approve(), actors.manager))).toBe('FORBIDDEN');
    });

    it('409 INVALID_STATE_TRANSITION before the notice is issued and once approved', () => {
      expect(codeOf(decided([], approve(), actors.gm, afterDeadline))).toBe('INVALID_STATE_TRANSITION');
      expect(codeOf(decided([issued(), approved], approve(), actors.gm, afterDeadline))).toBe('INVALID_STATE_TRANSITION');
    });

    it('409 PRECONDITION_NOT_MET until the objection deadline has passed', () => {
      expect(refusal(decided([issued()], approve(), actors.gm, { now: DEADLINE }))).toEqual({ code: 'PRECONDITION_NOT_MET', missing: ['objection window closed'] });
    });

    it('409 PRECONDITION_NOT_MET while an objection is undecided, naming it', () => {
      const events = [issued(), objected('a.1'), objected('a.2'), rejected('a.1')];
      expect(refusal(decided(events, approve(), actors.gm, afterDeadline))).toEqual({ code: 'PRECONDITION_NOT_MET', missing: ['decision on a.2'] });
    });
  });
});
