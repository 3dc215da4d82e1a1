/** Penalty assessment, adjustment and waiver (PRODUCT.md §7): the numbers of policy v1, exactly. */
import { DEFAULT_POLICIES, type PenaltyPolicy, type Versioned } from '../policies';
import type * as C from './commands';
import type { CaseEvent, PenaltyAssessed, PenaltyLine } from './events';
import { fold } from './state';
import { assessPenalties as price, localMonth, penaltyTargets, round2 } from './penalties';
import {
  actors,
  assigned,
  by,
  closed,
  ctx,
  DEPARTMENTS,
  given,
  investigated,
  invalidated,
  logged,
  recorded,
  rectified,
  reopened,
  replied,
  resolvedOnSpot,
  settlementAccepted,
  settlementApproved,
  settlementProposed,
  shanghai,
  shirkingRecorded,
  slaBreached,
  validated,
  visited,
} from './testing/decider-spec';

const ENG = DEPARTMENTS.engineering;
const SEC = DEPARTMENTS.security;
const ASSESSMENT = '0d6f0f7e-3c59-5a8e-9c1e-6f2b1d7e4a21';

/** Departments of the staff the rules may name, as the directory has them when the line is decided. */
const STAFF_DEPARTMENTS: Record<string, string> = {
  'eng-1': ENG,
  'sec-1': SEC,
  [actors.assignee.id]: ENG,
  [actors.agent.id]: DEPARTMENTS.customerService,
  [actors.otherAgent.id]: DEPARTMENTS.customerService,
};

/** The AssessPenalties the process manager sends for the last event of `history`. */
function assessLast(history: CaseEvent[], staffDepartments = STAFF_DEPARTMENTS): C.AssessPenalties {
  const events = recorded(history);
  const trigger = { ...events[events.length - 1], eventId: `evt-${events.length - 1}` };
  return { type: 'AssessPenalties', assessmentId: ASSESSMENT, trigger, atTrigger: fold(events)!, staffDepartments };
}

/** The case stream after the assessment: `history`, then the assessment of its last event. */
function assessed(history: CaseEvent[], policy: Versioned<PenaltyPolicy> = DEFAULT_POLICIES.penalty): CaseEvent[] {
  const command = assessLast(history);
  const outcome = given(history)
    .when(command, by('system', { policies: { ...DEFAULT_POLICIES, penalty: policy } }))
    .outcome();
  if (!Array.isArray(outcome)) throw outcome;
  return [...history, ...outcome];
}

const line = (n: number, l: Omit<PenaltyLine, 'lineId'>): PenaltyLine => ({ lineId: `${ASSESSMENT}.${n}`, ...l });

const penaltyAssessed = (trigger: string, lines: PenaltyLine[], policyVersion = 1, amountPerPoint = '100.00'): PenaltyAssessed => ({
  type: 'PenaltyAssessed',
  data: { assessmentId: ASSESSMENT, lines, policyVersion, amountPerPoint, trigger, month: '2026-11' },
});

const SYSTEM = by('system');

/** A valid complaint, done and ready to close: investigated with `responsibility`, a settlement accepted. */
const doneMajor = (responsibility: C.ReportInvestigation['responsibility'], amount = '5000.00'): CaseEvent[] => [
  logged({ severity: 'major' }),
  validated(),
  assigned(),
  investigated({ responsibility }),
  rectified(),
  settlementProposed({ amount, requiredRole: 'manager' }),
  settlementApproved({ decidedBy: actors.manager.id, decidedByRole: 'manager' }),
  settlementAccepted(),
  visited(),
];

describe('VALID_MAJOR: a valid major complaint closed', () => {
  it('the 0.6/0.4 example: department −6.00/−4.00, named staff −2.40/−1.60, amounts ×100 CNY, losses by share', () => {
    const history = [
      ...doneMajor([
        { departmentId: ENG, staffId: 'eng-1', share: '0.6' },
        { departmentId: SEC, staffId: 'sec-1', share: '0.4' },
      ]),
      closed('valid'),
    ];
    given(history)
      .when(assessLast(history), SYSTEM)
      .then([
        penaltyAssessed(`evt-${history.length - 1}`, [
          line(1, { rule: 'VALID_MAJOR', targetType: 'department', targetId: ENG, points: '-6.00', amount: '-600.00', lossAmount: '3000.00', share: '0.6' }),
          line(2, { rule: 'VALID_MAJOR', targetType: 'staff', targetId: 'eng-1', departmentId: ENG, points: '-2.40', amount: '-240.00', share: '0.6' }),
          line(3, { rule: 'VALID_MAJOR', targetType: 'department', targetId: SEC, points: '-4.00', amount: '-400.00', lossAmount: '2000.00', share: '0.4' }),
          line(4, { rule: 'VALID_MAJOR', targetType: 'staff', targetId: 'sec-1', departmentId: SEC, points: '-1.60', amount: '-160.00', share: '0.4' }),
        ]),
      ]);
  });

  it('a staff line only for a responsibility line that names staff', () => {
    const history = [
      ...doneMajor([
        { departmentId: ENG, staffId: 'eng-1', share: '0.6' },
        { departmentId: SEC, share: '0.4' },
      ]),
      closed('valid'),
    ];
    const [event] = given(history).when(assessLast(history), SYSTEM).outcome() as PenaltyAssessed[];
    expect(event.data.lines.map((l) => `${l.targetType}:${l.targetId}:${l.points}`)).toEqual([
      `department:${ENG}:-6.00`,
      'staff:eng-1:-2.40',
      `department:${SEC}:-4.00`,
    ]);
  });

  it('rounds half-up (away from zero) to 2 places: shares of a third', () => {
    const history = [
      ...doneMajor(
        [
          { departmentId: ENG, staffId: 'eng-1', share: '0.3333' },
          { departmentId: SEC, share: '0.3333' },
          { departmentId: DEPARTMENTS.quality, share: '0.3334' },
        ],
        '1000.00',
      ),
      closed('valid'),
    ];
    const [event] = given(history).when(assessLast(history), SYSTEM).outcome() as PenaltyAssessed[];
    expect(event.data.lines.map(({ points, amount, lossAmount }) => [points, amount, lossAmount])).toEqual([
      ['-3.33', '-333.00', '333.30'],
      ['-1.33', '-133.00', undefined],
      ['-3.33', '-333.00', '333.30'],
      ['-3.33', '-333.00', '333.40'],
    ]);
    expect(round2('-0.005')).toBe('-0.01');
    expect(round2('0.125')).toBe('0.13');
    expect(round2('-0.004')).toBe('0.00');
  });

  it('loss amount 0.00 without an accepted settlement', () => {
    const history = [logged({ severity: 'major' }), validated(), assigned(), investigated(), rectified(), visited(), closed('valid')];
    const [event] = given(history).when(assessLast(history), SYSTEM).outcome() as PenaltyAssessed[];
    expect(event.data.lines).toEqual([
      line(1, { rule: 'VALID_MAJOR', targetType: 'department', targetId: ENG, points: '-10.00', amount: '-1000.00', lossAmount: '0.00', share: '1' }),
    ]);
  });
});

describe('VALID_GENERAL: a valid general complaint closed', () => {
  it('department −3 × share, staff −2 × share', () => {
    const history = [
      logged(),
      validated(),
      assigned(),
      investigated({ responsibility: [{ departmentId: ENG, staffId: 'eng-1', share: '0.5' }, { departmentId: SEC, share: '0.5' }] }),
      rectified(),
      visited(),
      closed('valid'),
    ];
    const [event] = given(history).when(assessLast(history), SYSTEM).outcome() as PenaltyAssessed[];
    expect(event.data.lines.map(({ rule, targetId, points, amount }) => [rule, targetId, points, amount])).toEqual([
      ['VALID_GENERAL', ENG, '-1.50', '-150.00'],
      ['VALID_GENERAL', 'eng-1', '-1.00', '-100.00'],
      ['VALID_GENERAL', SEC, '-1.50', '-150.00'],
    ]);
  });

  it('without an investigation the assigned department holds share 1, the assignee as staff', () => {
    const history = [logged(), validated(), assigned(), rectified(), visited(), closed('valid')];
    given(history)
      .when(assessLast(history), SYSTEM)
      .then([
        penaltyAssessed(`evt-${history.length - 1}`, [
          line(1, { rule: 'VALID_GENERAL', targetType: 'department', targetId: ENG, points: '-3.00', amount: '-300.00', lossAmount: '0.00', share: '1' }),
          line(2, { rule: 'VALID_GENERAL', targetType: 'staff', targetId: actors.assignee.id, departmentId: ENG, points: '-2.00', amount: '-200.00', share: '1' }),
        ]),
      ]);
  });
});

describe('closures that cost no responsibility penalty', () => {
  it('an external cause with no internal responsibility: nothing appended', () => {
    const history = [logged(), validated(), assigned(), investigated({ causeType: 'external', responsibility: [] }), rectified(), visited(), closed('valid')];
    given(history).when(assessLast(history), SYSTEM).then([]);
  });

  it('an invalid complaint carries no responsibility lines', () => {
    const history = [logged(), invalidated(), replied(), closed('invalid')];
    given(history).when(assessLast(history), SYSTEM).then([]);
  });

  it('a repair (outcome completed) is not a complaint', () => {
    const history = [logged({ kind: 'repair', caseNumber: 'RP-202611-0001' }), assigned(), rectified(), visited(), closed('completed')];
    given(history).when(assessLast(history), SYSTEM).then([]);
  });

  it('closing again after a reopen assesses no second VALID_* line (REOPENED is the cost of the reopen)', () => {
    const first = assessed([logged(), validated(), assigned(), rectified(), visited(), closed('valid')]);
    expect(first.at(-1)!.type).toBe('PenaltyAssessed');
    const history = [...first, reopened(), rectified(), visited(), closed('valid')];
    expect(fold(recorded(history))!.validClosures).toBe(2);
    given(history).when(assessLast(history), SYSTEM).then([]);
  });

  it('a complaint closed valid although nobody judged it (stored before a judgement was required) costs nothing', () => {
    const history = [logged({ severity: 'major' }), assigned(), investigated(), rectified(), visited(), closed('valid')];
    expect(fold(recorded(history))!.validClosures).toBe(1);
    given(history).when(assessLast(history), SYSTEM).then([]);
  });

  it('a complaint resolved on the spot, reopened and then closed valid is assessed at that first valid closure', () => {
    const history = [
      logged(),
      resolvedOnSpot(),
      visited(),
      closed('resolved_on_spot'),
      reopened({ previousAssigneeId: undefined }),
      assigned(),
      rectified(),
      visited(),
      closed('valid'),
    ];
    const state = fold(recorded(history))!;
    expect(state.validClosures).toBe(1);
    expect(penaltyTargets(assessLast(history).trigger, state).map((t) => `${t.rule}:${t.targetId}`)).toEqual([
      `VALID_GENERAL:${ENG}`,
      `VALID_GENERAL:${actors.assignee.id}`,
    ]);
  });
});

describe('SLA_BREACH, SHIRKING, REOPENED', () => {
  it('SLA_BREACH: −1 to the clock’s accountable staff', () => {
    const history = [logged(), slaBreached('first_reply', logged().data.deadlines.firstReplyBy!, actors.agent.id)];
    given(history)
      .when(assessLast(history), SYSTEM)
      .then([
        penaltyAssessed('evt-1', [
          line(1, { rule: 'SLA_BREACH', targetType: 'staff', targetId: actors.agent.id, departmentId: DEPARTMENTS.customerService, points: '-1.00', amount: '-100.00' }),
        ]),
      ]);
  });

  it('SHIRKING: −3 to the named staff', () => {
    const history = [logged(), shirkingRecorded({ staffId: actors.otherAgent.id })];
    given(history)
      .when(assessLast(history), SYSTEM)
      .then([
        penaltyAssessed('evt-1', [
          line(1, { rule: 'SHIRKING', targetType: 'staff', targetId: actors.otherAgent.id, departmentId: DEPARTMENTS.customerService, points: '-3.00', amount: '-300.00' }),
        ]),
      ]);
  });

  it('REOPENED: −1 to the assignee at the last closure', () => {
    const history = [...assessed([logged(), validated(), assigned(), rectified(), visited(), closed('valid')]), reopened({ previousAssigneeId: actors.assignee.id })];
    const [event] = given(history).when(assessLast(history), SYSTEM).outcome() as PenaltyAssessed[];
    expect(event.data.lines).toEqual([
      line(1, { rule: 'REOPENED', targetType: 'staff', targetId: actors.assignee.id, departmentId: ENG, points: '-1.00', amount: '-100.00' }),
    ]);
  });

  it('REOPENED without an assignee at the last closure: nothing appended', () => {
    const history = [logged(), replied(), closed('answered'), reopened({ previousAssigneeId: undefined })];
    given(history).when(assessLast(history), SYSTEM).then([]);
  });

  it('a staff member the directory does not know: the line has no department', () => {
    const history = [logged(), shirkingRecorded({ staffId: 'gone-1' })];
    const [event] = given(history).when(assessLast(history), SYSTEM).outcome() as PenaltyAssessed[];
    expect(event.data.lines[0]).not.toHaveProperty('departmentId');
  });
});

describe('AssessPenalties', () => {
  const history = [logged(), shirkingRecorded()];

  it('is the system’s alone', () => {
    given(history).when(assessLast(history), by('manager')).thenThrows('FORBIDDEN');
  });

  it('assesses a trigger once: decided again, it appends nothing', () => {
    const once = assessed(history);
    expect(once.map((e) => e.type)).toEqual(['ComplaintLogged', 'ShirkingRecorded', 'PenaltyAssessed']);
    // The same trigger (the event at index 1), assessed again on the stream that now holds its assessment.
    const again: C.AssessPenalties = { ...assessLast(history), assessmentId: 'another' };
    given(once).when(again, SYSTEM).then([]);
  });

  it('prices with the policy of the context, naming its version', () => {
    const v2: Versioned<PenaltyPolicy> = {
      version: 2,
      policy: { ...DEFAULT_POLICIES.penalty.policy, amountPerPoint: '50.00', rules: { ...DEFAULT_POLICIES.penalty.policy.rules, SHIRKING: { staff: '-5' } } },
    };
    given(history)
      .when(assessLast(history), by('system', { policies: { ...DEFAULT_POLICIES, penalty: v2 } }))
      .then([
        penaltyAssessed(
          'evt-1',
          [line(1, { rule: 'SHIRKING', targetType: 'staff', targetId: actors.otherAgent.id, departmentId: DEPARTMENTS.customerService, points: '-5.00', amount: '-250.00' })],
          2,
          '50.00',
        ),
      ]);
  });

  it('names the local month it is recorded in (the calendar’s zone), where its lines count', () => {
    const monthAt = (now: string) => (given(history).when(assessLast(history), by('system', { now })).outcome() as PenaltyAssessed[])[0].data.month;
    expect(monthAt(shanghai('2026-11-30T23:59'))).toBe('2026-11');
    // 2026-12-01 00:30 in Shanghai is still November in UTC: it counts in December.
    expect(shanghai('2026-12-01T00:30')).toBe('2026-11-30T16:30:00.000Z');
    expect(monthAt(shanghai('2026-12-01T00:30'))).toBe('2026-12');
    expect(localMonth('2026-11-30T16:30:00.000Z', 'UTC')).toBe('2026-11');
  });

  it('a rule the policy prices at zero yields no line', () => {
    const zero: Versioned<PenaltyPolicy> = {
      version: 3,
      policy: { ...DEFAULT_POLICIES.penalty.policy, rules: { ...DEFAULT_POLICIES.penalty.policy.rules, SHIRKING: { staff: '0' } } },
    };
    const command = assessLast(history);
    expect(price({ trigger: command.trigger, state: command.atTrigger, staffDepartments: {} }, zero)).toEqual([]);
  });

  it('the state keeps the lines and the assessed trigger', () => {
    const state = fold(recorded(assessed(history)))!;
    expect(state.penalties).toEqual({
      assessedTriggers: ['evt-1'],
      lines: {
        [`${ASSESSMENT}.1`]: {
          rule: 'SHIRKING',
          targetType: 'staff',
          targetId: actors.otherAgent.id,
          points: '-3.00',
          amount: '-300.00',
          policyVersion: 1,
          amountPerPoint: '100.00',
          waived: false,
        },
      },
    });
  });
});

describe('AdjustPenalty and WaivePenalty (manager and above)', () => {
  const lineId = `${ASSESSMENT}.1`;
  const withLine = () => assessed([logged(), shirkingRecorded()]);
  const adjust = (points: string, reason = 'first offence'): C.AdjustPenalty => ({ type: 'AdjustPenalty', lineId, points, reason });
  const waive = (reason = 'customer withdrew'): C.WaivePenalty => ({ type: 'WaivePenalty', lineId, reason });

  it('a manager adjusts a line: amount = points × the amount per point of the line’s policy version', () => {
    given(withLine())
      .when(adjust('-1.5'), by('manager'))
      .then([{ type: 'PenaltyAdjusted', data: { lineId, points: '-1.50', amount: '-150.00', reason: 'first offence', adjustedBy: actors.manager.id } }]);
  });

  it('prices an adjustment with the line’s own amount per point, not the policy in force now', () => {
    const v2: Versioned<PenaltyPolicy> = { version: 2, policy: { ...DEFAULT_POLICIES.penalty.policy, amountPerPoint: '50.00' } };
    const history = assessed([logged(), shirkingRecorded()], v2);
    const [event] = given(history).when(adjust('-2'), by('gm')).outcome() as CaseEvent[];
    expect(event.data).toMatchObject({ points: '-2.00', amount: '-100.00' });
  });

  it('the state shows original and adjusted figures; a waiver marks the line', () => {
    const adjusted = [...withLine(), { type: 'PenaltyAdjusted', data: { lineId, points: '-1.00', amount: '-100.00', reason: 'r', adjustedBy: 'mgr-1' } } as CaseEvent];
    expect(fold(recorded(adjusted))!.penalties.lines[lineId]).toMatchObject({ points: '-3.00', adjustedPoints: '-1.00', adjustedAmount: '-100.00', waived: false });
    const waived = [...adjusted, { type: 'PenaltyWaived', data: { lineId, reason: 'r', waivedBy: 'mgr-1' } } as CaseEvent];
    expect(fold(recorded(waived))!.penalties.lines[lineId]).toMatchObject({ waived: true });
  });

  it.each(['supervisor', 'agent', 'auditor'] as const)('a %s may not adjust or waive', (who) => {
    given(withLine()).when(adjust('-1'), by(who)).thenThrows('FORBIDDEN');
    given(withLine()).when(waive(), by(who)).thenThrows('FORBIDDEN');
  });

  it.each(['deputy_gm', 'gm'] as const)('a %s may', (who) => {
    expect(given(withLine()).when(waive(), by(who)).outcome()).toEqual([
      { type: 'PenaltyWaived', data: { lineId, reason: 'customer withdrew', waivedBy: actors[who].id } },
    ]);
  });

  it('an unknown line is NOT_FOUND, before anything else', () => {
    given(withLine()).when({ ...adjust('x'), lineId: 'nope' }, by('agent')).thenThrows('NOT_FOUND');
    given(withLine()).when({ ...waive(), lineId: 'nope' }, by('agent')).thenThrows('NOT_FOUND');
  });

  it.each(['abc', '-1.234', '', '1e3', '1.5', '-10000000000'])('refuses points %p', (points) => {
    given(withLine()).when(adjust(points), by('manager')).thenThrows('VALIDATION_FAILED', { path: 'points' });
  });

  it('needs a reason', () => {
    given(withLine()).when(adjust('-1', ''), by('manager')).thenThrows('VALIDATION_FAILED', { path: 'reason' });
    given(withLine()).when(waive(''), by('manager')).thenThrows('VALIDATION_FAILED', { path: 'reason' });
  });

  it('a waived line is neither waived again nor adjusted', () => {
    const waived = [...withLine(), { type: 'PenaltyWaived', data: { lineId, reason: 'r', waivedBy: 'mgr-1' } } as CaseEvent];
    given(waived).when(waive(), by('manager')).thenThrows('INVALID_STATE_TRANSITION', 'already waived');
    given(waived).when(adjust('-1'), by('manager')).thenThrows('INVALID_STATE_TRANSITION', 'waived');
  });

  describe('a line on an approved penalty notice is final (PRODUCT.md §14)', () => {
    const frozen = { noticeApproved: true };

    it('is neither adjusted nor waived: 409 PRECONDITION_NOT_MET', () => {
      given(withLine()).when({ ...adjust('-1'), ...frozen }, by('gm')).thenThrows('PRECONDITION_NOT_MET', { missing: ['notice_not_approved'] });
      given(withLine()).when({ ...waive(), ...frozen }, by('gm')).thenThrows('PRECONDITION_NOT_MET', { missing: ['notice_not_approved'] });
    });

    it('after the other refusals: bad input, the role, a waived line', () => {
      given(withLine()).when({ ...adjust('x'), ...frozen }, by('manager')).thenThrows('VALIDATION_FAILED');
      given(withLine()).when({ ...waive(), ...frozen }, by('supervisor')).thenThrows('FORBIDDEN');
      const waived = [...withLine(), { type: 'PenaltyWaived', data: { lineId, reason: 'r', waivedBy: 'mgr-1' } } as CaseEvent];
      given(waived).when({ ...adjust('-1'), ...frozen }, by('manager')).thenThrows('INVALID_STATE_TRANSITION');
    });

    it('a line of a notice issued but not approved may still be', () => {
      expect(given(withLine()).when({ ...waive(), noticeApproved: false }, by('manager')).outcome()).toHaveLength(1);
    });
  });

  it('an adjusted line may be adjusted again and waived', () => {
    const adjusted = [...withLine(), { type: 'PenaltyAdjusted', data: { lineId, points: '-1.00', amount: '-100.00', reason: 'r', adjustedBy: 'mgr-1' } } as CaseEvent];
    expect(given(adjusted).when(adjust('0'), by('manager')).outcome()).toEqual([
      { type: 'PenaltyAdjusted', data: { lineId, points: '0.00', amount: '0.00', reason: 'first offence', adjustedBy: actors.manager.id } },
    ]);
    expect(given(adjusted).when(waive(), by('manager')).outcome()).toHaveLength(1);
  });
});

describe('the default context', () => {
  it('is policy v1: 100.00 per point', () => {
    expect(ctx().policies.penalty).toMatchObject({ version: 1, policy: { amountPerPoint: '100.00' } });
  });
});
