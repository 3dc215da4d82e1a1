import { DomainError, type FieldError } from '../errors';
import { DEFAULT_POLICIES, type PolicyName } from './documents';
import { policyErrors, validatePolicy } from './validation';

const clone = <T>(value: T): T => JSON.parse(JSON.stringify(value));
const sla = () => clone(DEFAULT_POLICIES.sla.policy) as any;
const penalty = () => clone(DEFAULT_POLICIES.penalty.policy) as any;
const approval = () => clone(DEFAULT_POLICIES.approval.policy) as any;

/** The paths named, in order. */
const paths = (name: PolicyName, body: unknown) => policyErrors(name, body).map((e) => e.path);

describe('validatePolicy', () => {
  it.each(['sla', 'penalty', 'approval', 'calendar'] as const)('accepts the %s default and answers an equal copy', (name) => {
    const body = clone(DEFAULT_POLICIES[name].policy);
    const valid = validatePolicy(name, body);
    expect(valid).toEqual(DEFAULT_POLICIES[name].policy);
    expect(valid).not.toBe(body);
  });

  it('throws VALIDATION_FAILED naming every offending field with its dotted path', () => {
    const body = sla();
    body.firstReplyHours = 0;
    body.rectificationWorkingDays.major = 1.5;
    body.returnVisit.extra = 1;
    let error: unknown;
    try {
      validatePolicy('sla', body);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(DomainError);
    expect((error as DomainError).code).toBe('VALIDATION_FAILED');
    expect((error as DomainError).details.errors!.map((e: FieldError) => e.path)).toEqual([
      'firstReplyHours',
      'rectificationWorkingDays.major',
      'returnVisit.extra',
    ]);
    expect((error as DomainError).message).toBe('sla policy: 3 fields are invalid: firstReplyHours, rectificationWorkingDays.major, returnVisit.extra');
  });
});

describe('sla policy', () => {
  it('takes a changed document', () => {
    const body = sla();
    body.firstReplyHours = 4;
    body.rectificationWorkingDays.general = 5;
    expect(paths('sla', body)).toEqual([]);
  });

  it.each<[string, (b: any) => void, string]>([
    ['an unknown top-level field', (b) => (b.escalateAfterHours = 1), 'escalateAfterHours'],
    ['an unknown nested field', (b) => (b.rectificationWorkingDays.inquiry = 2), 'rectificationWorkingDays.inquiry'],
    ['a missing field', (b) => delete b.invalidReplyHours, 'invalidReplyHours'],
    ['a missing nested field', (b) => delete b.resolutionDays.overseas, 'resolutionDays.overseas'],
    ['zero hours', (b) => (b.firstReplyHours = 0), 'firstReplyHours'],
    ['negative days', (b) => (b.investigationDays = -1), 'investigationDays'],
    ['a fraction', (b) => (b.returnVisit.majorDays = 7.5), 'returnVisit.majorDays'],
    ['a number as a string', (b) => (b.resolutionDays.domestic = '15'), 'resolutionDays.domestic'],
    ['null', (b) => (b.invalidReplyHours = null), 'invalidReplyHours'],
    ['zero working days', (b) => (b.rectificationWorkingDays.major = 0), 'rectificationWorkingDays.major'],
    ['more than a year of working days', (b) => (b.returnVisit.repairWorkingDays = 261), 'returnVisit.repairWorkingDays'],
    ['more than a year of days', (b) => (b.resolutionDays.overseas = 367), 'resolutionDays.overseas'],
    ['more than a year of hours', (b) => (b.firstReplyHours = 8785), 'firstReplyHours'],
    ['a section that is not an object', (b) => (b.returnVisit = [7, 14, 2]), 'returnVisit'],
    ['zero rework working days', (b) => (b.reworkWorkingDays.general = 0), 'reworkWorkingDays.general'],
    ['a rework limit for repairs', (b) => (b.reworkWorkingDays.repair = 3), 'reworkWorkingDays.repair'],
    ['a missing rework limit', (b) => delete b.reworkWorkingDays.major, 'reworkWorkingDays.major'],
    ['warnAtFraction 0', (b) => (b.warnAtFraction = 0), 'warnAtFraction'],
    ['warnAtFraction 1', (b) => (b.warnAtFraction = 1), 'warnAtFraction'],
    ['warnAtFraction as a percentage', (b) => (b.warnAtFraction = 80), 'warnAtFraction'],
    ['warnAtFraction as a string', (b) => (b.warnAtFraction = '0.8'), 'warnAtFraction'],
    ['a missing warnAtFraction', (b) => delete b.warnAtFraction, 'warnAtFraction'],
    ['zero pause days', (b) => (b.maxPauseDays = 0), 'maxPauseDays'],
    ['a fraction of a pause day', (b) => (b.maxPauseDays = 1.5), 'maxPauseDays'],
    ['more than a year of pause', (b) => (b.maxPauseDays = 367), 'maxPauseDays'],
    ['zero supervisor extension days', (b) => (b.extension.supervisorMaxWorkingDays = 0), 'extension.supervisorMaxWorkingDays'],
    ['zero extensions per clock', (b) => (b.extension.maxPerClock = 0), 'extension.maxPerClock'],
    ['more than 100 extensions per clock', (b) => (b.extension.maxPerClock = 101), 'extension.maxPerClock'],
    ['an unknown extension field', (b) => (b.extension.managerMaxWorkingDays = 10), 'extension.managerMaxWorkingDays'],
    ['a missing extension section', (b) => delete b.extension, 'extension'],
  ])('refuses %s', (_, change, path) => {
    const body = sla();
    change(body);
    expect(paths('sla', body)).toEqual([path]);
  });

  it('accepts the bounds themselves', () => {
    const body = sla();
    Object.assign(body, { firstReplyHours: 1, invalidReplyHours: 8784, investigationDays: 366 });
    body.rectificationWorkingDays.major = 260;
    Object.assign(body, { warnAtFraction: 0.01, maxPauseDays: 366, extension: { supervisorMaxWorkingDays: 260, maxPerClock: 100 } });
    expect(paths('sla', body)).toEqual([]);
  });

  it.each([null, [], 'sla', 3])('refuses a body that is not an object (%j) at the root', (body) => {
    expect(policyErrors('sla', body)).toEqual([{ path: '', message: 'must be an object' }]);
  });
});

describe('penalty policy', () => {
  it('takes other points, signed decimals with up to 2 places, and zero to switch a rule off', () => {
    const body = penalty();
    body.amountPerPoint = '50';
    body.rules.VALID_MAJOR = { department: '-12.5', staff: '-4.25' };
    body.rules.SLA_BREACH.staff = '0';
    body.rules.REOPENED.staff = '1.00';
    expect(paths('penalty', body)).toEqual([]);
  });

  it.each(['supervisor', 'manager', 'deputy_gm', 'gm'])('takes %s as the notice approver', (noticeApprover) => {
    expect(paths('penalty', { ...penalty(), noticeApprover })).toEqual([]);
  });

  it.each<[string, (b: any) => void, string]>([
    ['amountPerPoint 0', (b) => (b.amountPerPoint = '0.00'), 'amountPerPoint'],
    ['a negative amountPerPoint', (b) => (b.amountPerPoint = '-100.00'), 'amountPerPoint'],
    ['amountPerPoint as a number', (b) => (b.amountPerPoint = 100), 'amountPerPoint'],
    ['amountPerPoint with 3 places', (b) => (b.amountPerPoint = '100.001'), 'amountPerPoint'],
    ['points as a number', (b) => (b.rules.SHIRKING.staff = -3), 'rules.SHIRKING.staff'],
    ['points that are no decimal', (b) => (b.rules.VALID_GENERAL.department = 'minus three'), 'rules.VALID_GENERAL.department'],
    ['points with 3 places', (b) => (b.rules.VALID_GENERAL.staff = '-2.125'), 'rules.VALID_GENERAL.staff'],
    ['an exponent', (b) => (b.rules.REOPENED.staff = '-1e2'), 'rules.REOPENED.staff'],
    ['an unknown rule', (b) => (b.rules.LATE_ARRIVAL = { staff: '-1' }), 'rules.LATE_ARRIVAL'],
    ['a missing rule', (b) => delete b.rules.REOPENED, 'rules.REOPENED'],
    ['a missing target', (b) => delete b.rules.VALID_MAJOR.staff, 'rules.VALID_MAJOR.staff'],
    ['a target the rule does not deduct from', (b) => (b.rules.SLA_BREACH.department = '-1'), 'rules.SLA_BREACH.department'],
    ['zero objection working days', (b) => (b.objectionWorkingDays = 0), 'objectionWorkingDays'],
    ['objection days as a string', (b) => (b.objectionWorkingDays = '3'), 'objectionWorkingDays'],
    ['a missing objection window', (b) => delete b.objectionWorkingDays, 'objectionWorkingDays'],
    ['an agent as notice approver', (b) => (b.noticeApprover = 'agent'), 'noticeApprover'],
    ['a role outside the line as notice approver', (b) => (b.noticeApprover = 'auditor'), 'noticeApprover'],
    ['a missing notice approver', (b) => delete b.noticeApprover, 'noticeApprover'],
  ])('refuses %s', (_, change, path) => {
    const body = penalty();
    change(body);
    expect(paths('penalty', body)).toEqual([path]);
  });
});

describe('approval policy', () => {
  it('takes fewer tiers, a role repeated, as long as the last one is open', () => {
    expect(paths('approval', { tiers: [{ upTo: '500.00', role: 'supervisor' }, { upTo: '800', role: 'supervisor' }, { upTo: null, role: 'manager' }] })).toEqual([]);
    expect(paths('approval', { tiers: [{ upTo: null, role: 'gm' }] })).toEqual([]);
  });

  it.each<[string, unknown[], string[]]>([
    ['no tiers', [], ['tiers']],
    ['a last tier with a bound', [{ upTo: '1000.00', role: 'supervisor' }, { upTo: '2000.00', role: 'gm' }], ['tiers.1.upTo']],
    ['an open tier before the last', [{ upTo: null, role: 'supervisor' }, { upTo: null, role: 'gm' }], ['tiers.0.upTo']],
    ['bounds not ascending', [{ upTo: '1000.00', role: 'supervisor' }, { upTo: '1000.00', role: 'manager' }, { upTo: null, role: 'gm' }], ['tiers.1.upTo']],
    ['a bound of 0', [{ upTo: '0', role: 'supervisor' }, { upTo: null, role: 'gm' }], ['tiers.0.upTo']],
    ['a bound as a number', [{ upTo: 1000, role: 'supervisor' }, { upTo: null, role: 'gm' }], ['tiers.0.upTo']],
    ['agent as approver', [{ upTo: '100.00', role: 'agent' }, { upTo: null, role: 'gm' }], ['tiers.0.role']],
    ['a role outside the line', [{ upTo: '100.00', role: 'auditor' }, { upTo: null, role: 'gm' }], ['tiers.0.role']],
    ['a lower role after a higher', [{ upTo: '100.00', role: 'manager' }, { upTo: null, role: 'supervisor' }], ['tiers.1.role']],
    ['an unknown tier field', [{ upTo: null, role: 'gm', currency: 'CNY' }], ['tiers.0.currency']],
    ['a missing role', [{ upTo: null }], ['tiers.0.role']],
  ])('refuses %s', (_, tiers, expected) => {
    expect(paths('approval', { tiers })).toEqual(expected);
  });

  it('refuses unknown fields beside the tiers and tiers that are not a list', () => {
    expect(paths('approval', { ...approval(), currency: 'CNY' })).toEqual(['currency']);
    expect(paths('approval', { tiers: { upTo: null, role: 'gm' } })).toEqual(['tiers']);
  });
});

describe('calendar policy', () => {
  it('takes a list of dated overrides, empty included', () => {
    expect(paths('calendar', [])).toEqual([]);
    expect(paths('calendar', [{ date: '2026-12-31', workday: true }, { date: '2026-10-09', workday: false }])).toEqual([]);
  });

  it.each<[string, unknown, string[]]>([
    ['an object instead of a list', { date: '2026-12-31', workday: true }, ['']],
    ['a date that does not exist', [{ date: '2026-02-30', workday: true }], ['0.date']],
    ['a date in another format', [{ date: '2026-12-31', workday: true }, { date: '31/12/2026', workday: true }], ['1.date']],
    ['a date with a time', [{ date: '2026-12-31T00:00:00Z', workday: true }], ['0.date']],
    ['workday as a string', [{ date: '2026-12-31', workday: 'yes' }], ['0.workday']],
    ['a missing workday', [{ date: '2026-12-31' }], ['0.workday']],
    ['an unknown field', [{ date: '2026-12-31', workday: true, note: 'year end' }], ['0.note']],
    ['an entry that is not an object', ['2026-12-31'], ['0']],
    [
      'a date twice',
      [{ date: '2026-12-31', workday: true }, { date: '2027-01-04', workday: true }, { date: '2026-12-31', workday: false }],
      ['2.date'],
    ],
  ])('refuses %s', (_, body, expected) => {
    expect(paths('calendar', body)).toEqual(expected);
  });

  it('answers the overrides in the order given', () => {
    const body = [{ date: '2027-01-04', workday: false }, { date: '2026-12-31', workday: true }];
    expect(validatePolicy('calendar', body)).toEqual(body);
  });
});
