import { DEFAULT_POLICIES, withAddedDefaults } from './documents';

describe('DEFAULT_POLICIES (PRODUCT.md §12, version 1)', () => {
  it('are all version 1', () => {
    expect(Object.values(DEFAULT_POLICIES).map((p) => p.version)).toEqual([1, 1, 1, 1]);
  });

  it('hold the SLA defaults', () => {
    expect(DEFAULT_POLICIES.sla.policy).toEqual({
      firstReplyHours: 2,
      invalidReplyHours: 2,
      investigationDays: 3,
      rectificationWorkingDays: { major: 1, general: 3, repair: 3, service_request: 3 },
      returnVisit: { majorDays: 7, generalDays: 14, repairWorkingDays: 2 },
      resolutionDays: { domestic: 15, overseas: 20 },
      reworkWorkingDays: { major: 1, general: 3 },
      warnAtFraction: 0.8,
      maxPauseDays: 10,
      extension: { supervisorMaxWorkingDays: 3, maxPerClock: 2 },
    });
  });

  it('hold the penalty defaults, points and money as decimal strings', () => {
    expect(DEFAULT_POLICIES.penalty.policy).toEqual({
      amountPerPoint: '100.00',
      objectionWorkingDays: 3,
      noticeApprover: 'gm',
      rules: {
        VALID_MAJOR: { department: '-10', staff: '-4' },
        VALID_GENERAL: { department: '-3', staff: '-2' },
        SLA_BREACH: { staff: '-1' },
        SHIRKING: { staff: '-3' },
        REOPENED: { staff: '-1' },
      },
    });
  });

  it('hold the approval tiers in order, ending with an open tier', () => {
    expect(DEFAULT_POLICIES.approval.policy.tiers).toEqual([
      { upTo: '1000.00', role: 'supervisor' },
      { upTo: '10000.00', role: 'manager' },
      { upTo: '50000.00', role: 'deputy_gm' },
      { upTo: null, role: 'gm' },
    ]);
  });

  it('start the calendar with no overrides', () => {
    expect(DEFAULT_POLICIES.calendar.policy).toEqual([]);
  });

  it('cannot be changed by a caller, at any depth', () => {
    expect(() => {
      DEFAULT_POLICIES.sla.policy.returnVisit.majorDays = 1;
    }).toThrow(TypeError);
    expect(() => DEFAULT_POLICIES.calendar.policy.push({ date: '2026-12-31', workday: true })).toThrow(TypeError);
  });
});

describe('withAddedDefaults: a version stored before fields were added (PRODUCT.md §12)', () => {
  const { reworkWorkingDays, warnAtFraction, maxPauseDays, extension, ...slaBefore } = DEFAULT_POLICIES.sla.policy;
  const { objectionWorkingDays, noticeApprover, ...penaltyBefore } = DEFAULT_POLICIES.penalty.policy;

  it('gives an SLA version the supervision fields at their defaults, keeping its own', () => {
    const stored = { ...slaBefore, firstReplyHours: 4 };
    expect(withAddedDefaults('sla', stored)).toEqual({ ...DEFAULT_POLICIES.sla.policy, firstReplyHours: 4 });
    expect([reworkWorkingDays, warnAtFraction, maxPauseDays, extension]).toEqual([{ major: 1, general: 3 }, 0.8, 10, { supervisorMaxWorkingDays: 3, maxPerClock: 2 }]);
  });

  it('gives a penalty version the notice fields at their defaults', () => {
    expect(withAddedDefaults('penalty', { ...penaltyBefore, amountPerPoint: '50.00' })).toEqual({
      ...DEFAULT_POLICIES.penalty.policy,
      amountPerPoint: '50.00',
    });
    expect([objectionWorkingDays, noticeApprover]).toEqual([3, 'gm']);
  });

  it('keeps the fields a newer version stored', () => {
    const stored = { ...DEFAULT_POLICIES.sla.policy, maxPauseDays: 5, extension: { supervisorMaxWorkingDays: 1, maxPerClock: 1 } };
    expect(withAddedDefaults('sla', stored)).toEqual(stored);
  });

  it('leaves the approval tiers and the calendar as stored', () => {
    const tiers = { tiers: [{ upTo: null, role: 'gm' }] };
    expect(withAddedDefaults('approval', tiers)).toEqual(tiers);
    expect(withAddedDefaults('calendar', [{ date: '2026-12-31', workday: true }])).toEqual([{ date: '2026-12-31', workday: true }]);
  });
});
