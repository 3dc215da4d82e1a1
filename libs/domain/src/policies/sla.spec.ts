import { WorkingCalendar } from './calendar';
import { DEFAULT_POLICIES, type SlaPolicy } from './documents';
import {
  firstReplyBy,
  investigationBy,
  invalidReplyBy,
  rectificationBy,
  resolutionBy,
  returnVisitBy,
} from './sla';

const sla = DEFAULT_POLICIES.sla.policy;
const calendar = new WorkingCalendar();

// Friday 2026-03-13 16:00 in Shanghai; the following Monday is 03-16.
const friday = '2026-03-13T08:00:00.000Z';

describe('elapsed-time clocks (24×7)', () => {
  it('first_reply: received + 2 h', () => {
    expect(firstReplyBy(friday, sla)).toBe('2026-03-13T10:00:00.000Z');
  });

  it('invalid_reply: invalidated + 2 h', () => {
    expect(invalidReplyBy(friday, sla)).toBe('2026-03-13T10:00:00.000Z');
  });

  it('investigation: assigned + 3 calendar days, weekend included', () => {
    expect(investigationBy(friday, sla)).toBe('2026-03-16T08:00:00.000Z');
  });

  it.each([
    ['domestic', '2026-03-28T08:00:00.000Z'],
    ['overseas', '2026-04-02T08:00:00.000Z'],
  ] as const)('resolution: %s market', (market, due) => {
    expect(resolutionBy(friday, market, sla)).toBe(due);
  });

  it('use the policy passed, not the defaults', () => {
    const changed: SlaPolicy = { ...sla, firstReplyHours: 4, investigationDays: 5 };
    expect(firstReplyBy(friday, changed)).toBe('2026-03-13T12:00:00.000Z');
    expect(investigationBy(friday, changed)).toBe('2026-03-18T08:00:00.000Z');
  });
});

describe('rectification: received + working days', () => {
  it.each([
    ['complaint', 'major', 'Mon', '2026-03-16T08:00:00.000Z'],
    ['complaint', 'general', 'Wed', '2026-03-18T08:00:00.000Z'],
    ['repair', 'major', 'Wed', '2026-03-18T08:00:00.000Z'],
    ['service_request', 'major', 'Wed', '2026-03-18T08:00:00.000Z'],
    ['inquiry', 'major', 'Wed', '2026-03-18T08:00:00.000Z'],
    ['suggestion', 'general', 'Wed', '2026-03-18T08:00:00.000Z'],
  ] as const)('%s (%s): due %s', (kind, severity, _, due) => {
    expect(rectificationBy({ receivedAt: friday, kind, severity }, sla, calendar)).toBe(due);
  });

  it('reads each kind its own limit from the policy', () => {
    const distinct: SlaPolicy = {
      ...sla,
      rectificationWorkingDays: { major: 1, general: 2, repair: 3, service_request: 4 },
    };
    const due = (kind: 'complaint' | 'repair' | 'service_request' | 'inquiry', severity: 'major' | 'general') =>
      rectificationBy({ receivedAt: friday, kind, severity }, distinct, calendar);
    expect(due('complaint', 'major')).toBe('2026-03-16T08:00:00.000Z');
    expect(due('complaint', 'general')).toBe('2026-03-17T08:00:00.000Z');
    expect(due('inquiry', 'general')).toBe('2026-03-17T08:00:00.000Z');
    expect(due('repair', 'general')).toBe('2026-03-18T08:00:00.000Z');
    expect(due('service_request', 'general')).toBe('2026-03-19T08:00:00.000Z');
  });

  it('counts on the calendar it is given (National Day)', () => {
    const eve = '2026-09-30T02:00:00.000Z'; // Wed 10:00 Shanghai
    expect(rectificationBy({ receivedAt: eve, kind: 'complaint', severity: 'major' }, sla, calendar)).toBe(
      '2026-10-08T02:00:00.000Z',
    );
  });
});

describe('return visit', () => {
  it.each([
    ['complaint', 'major', '+ 7 days', '2026-03-20T08:00:00.000Z'],
    ['complaint', 'general', '+ 14 days', '2026-03-27T08:00:00.000Z'],
    ['inquiry', 'major', '+ 7 days', '2026-03-20T08:00:00.000Z'],
    ['suggestion', 'general', '+ 14 days', '2026-03-27T08:00:00.000Z'],
    ['repair', 'general', '+ 2 working days', '2026-03-17T08:00:00.000Z'],
    ['repair', 'major', '+ 2 working days (kind wins over severity)', '2026-03-17T08:00:00.000Z'],
    ['service_request', 'major', '+ 2 working days (kind wins over severity)', '2026-03-17T08:00:00.000Z'],
  ] as const)('%s (%s): %s', (kind, severity, _, due) => {
    expect(returnVisitBy({ from: friday, kind, severity }, sla, calendar)).toBe(due);
  });

  it('takes its limits from the policy', () => {
    const changed: SlaPolicy = { ...sla, returnVisit: { majorDays: 1, generalDays: 2, repairWorkingDays: 3 } };
    const due = (kind: 'complaint' | 'repair', severity: 'major' | 'general') =>
      returnVisitBy({ from: friday, kind, severity }, changed, calendar);
    expect(due('complaint', 'major')).toBe('2026-03-14T08:00:00.000Z');
    expect(due('complaint', 'general')).toBe('2026-03-15T08:00:00.000Z');
    expect(due('repair', 'general')).toBe('2026-03-18T08:00:00.000Z');
  });
});
