import { DEFAULT_POLICIES } from './documents';

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
    });
  });

  it('hold the penalty defaults, points and money as decimal strings', () => {
    expect(DEFAULT_POLICIES.penalty.policy).toEqual({
      amountPerPoint: '100.00',
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
