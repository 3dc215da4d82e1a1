import { startClock, type CaseState, type SlaClock } from '@casebook/domain';
import { countsOf } from './report-counts';

/** What each event adds to the report's counters (PRODUCT.md §8), days and months in Shanghai. */

const format = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit' });
const dayOf = (instant: string) => format.format(Date.parse(instant));
const monthOf = (instant: string) => dayOf(instant).slice(0, 7);

const RECEIVED = '2026-09-30T15:10:00.000Z'; // 23:10 on 30 September in Shanghai
const clock = (status: SlaClock['status'], dueAt = '2026-10-01T01:00:00.000Z'): SlaClock => ({
  ...startClock('first_reply', RECEIVED, dueAt, 'agent-1'),
  status,
});
const state = (more: Partial<CaseState> = {}): CaseState =>
  ({
    caseId: 'case-1',
    kind: 'complaint',
    siteId: 'site-a',
    channel: 'phone',
    category: 'repair_delay',
    severity: 'general',
    receivedAt: RECEIVED,
    returnVisits: [],
    sla: [clock('running')],
    ...more,
  }) as CaseState;
const event = (type: string, recordedAt: string, data: Record<string, unknown> = {}) => ({ type, recordedAt, data });
const days = (counts: ReturnType<typeof countsOf>) => counts.days.map((c) => [c.day, c.metric, c.code, c.n, String(c.total)]);

describe('report counts', () => {
  it('a logged case counts as received, by severity, category and channel, on its local received day', () => {
    const counts = countsOf(event('ComplaintLogged', '2026-10-01T00:00:00.000Z'), undefined, state(), dayOf, monthOf);
    expect(days(counts)).toEqual([
      ['2026-09-30', 'received_severity', 'general', 1, '0'],
      ['2026-09-30', 'received_category', 'repair_delay', 1, '0'],
      ['2026-09-30', 'received_channel', 'phone', 1, '0'],
    ]);
    expect(counts.departments).toEqual([]);
  });

  it('a reclassified case moves from its old category and severity to the new ones, on its received day', () => {
    const counts = countsOf(event('CaseReclassified', '2026-10-02T00:00:00.000Z'), state(), state({ category: 'cleaning', severity: 'major' }), dayOf, monthOf);
    expect(days(counts)).toEqual([
      ['2026-09-30', 'received_severity', 'general', -1, '0'],
      ['2026-09-30', 'received_severity', 'major', 1, '0'],
      ['2026-09-30', 'received_category', 'repair_delay', -1, '0'],
      ['2026-09-30', 'received_category', 'cleaning', 1, '0'],
    ]);
  });

  it('a clock counts once, on its local due day, when it first has an outcome', () => {
    const replied = countsOf(event('ComplainantReplied', '2026-09-30T16:00:00.000Z'), state(), state({ sla: [clock('met')] }), dayOf, monthOf);
    expect(days(replied)).toEqual([['2026-10-01', 'clock_met', 'first_reply', 1, '0']]);
    const later = countsOf(event('ComplainantReplied', '2026-10-01T02:00:00.000Z'), state({ sla: [clock('met')] }), state({ sla: [clock('met')] }), dayOf, monthOf);
    expect(days(later)).toEqual([]);
    const breached = countsOf(event('SlaBreached', '2026-10-01T01:00:01.000Z', { clock: 'first_reply' }), state(), state({ sla: [clock('breached')] }), dayOf, monthOf);
    expect(days(breached)).toEqual([
      ['2026-10-01', 'breach', 'first_reply', 1, '0'],
      ['2026-10-01', 'clock_breached', 'first_reply', 1, '0'],
    ]);
  });

  it('a valid complaint closed: outcome and handling time, visit, and its departments by line, distinct counts marked', () => {
    const closedAt = '2026-10-01T03:10:00.000Z'; // 12 hours after receipt
    const closed = state({
      sla: [clock('met')],
      outcome: 'valid',
      returnVisits: [{ satisfaction: 'satisfied' }] as CaseState['returnVisits'],
      settlement: { status: 'accepted', amount: '1000.00' } as CaseState['settlement'],
      investigation: {
        causeType: 'quality',
        responsibility: [
          { departmentId: 'eng', staffId: 'eng-1', share: '0.5' },
          { departmentId: 'eng', staffId: 'eng-2', share: '0.25' },
          { departmentId: 'sec', staffId: 'sec-1', share: '0.25' },
        ],
      } as CaseState['investigation'],
    });
    const counts = countsOf(event('CaseClosed', closedAt), state({ sla: [clock('met')] }), closed, dayOf, monthOf);
    expect(days(counts)).toEqual([
      ['2026-10-01', 'closed', 'valid', 1, String(12 * 3_600_000)],
      ['2026-10-01', 'closed_valid_visited', '', 1, '0'],
    ]);
    const departments = counts.departments.map((c) => [c.month, c.departmentId, c.metric, c.code, String(c.total), c.distinct]);
    expect(departments).toEqual([
      ['2026-10', 'eng', 'weight', '', '0.75', false],
      ['2026-10', 'eng', 'loss', '', '750', false],
      ['2026-10', 'sec', 'weight', '', '0.25', false],
      ['2026-10', 'sec', 'loss', '', '250', false],
      ...['eng', 'sec', '*'].flatMap((d) => [
        ['2026-10', d, 'handling', '', String(12 * 3_600_000), false],
        ['2026-10', d, 'cases', '', '0', true],
        ['2026-10', d, 'severity', 'general', '0', true],
        ['2026-10', d, 'cause', 'quality', '0', true],
      ]),
    ]);
  });

  it('an invalid closure has no departments; a reopen counts', () => {
    const invalid = countsOf(event('CaseClosed', '2026-10-01T03:10:00.000Z'), state(), state({ outcome: 'invalid', sla: [clock('running')] }), dayOf, monthOf);
    expect(invalid.departments).toEqual([]);
    const reopened = countsOf(event('CaseReopened', '2026-10-05T03:00:00.000Z'), state(), state(), dayOf, monthOf);
    expect(days(reopened)).toEqual([['2026-10-05', 'reopened', '', 1, '0']]);
  });

  it('the supervision line: rework, pause, approved extension and a closure with accepted dissatisfaction count on their day', () => {
    const on = (type: string, data: Record<string, unknown> = {}) => days(countsOf(event(type, '2026-10-05T03:00:00.000Z', data), state(), state(), dayOf, monthOf));
    expect(on('ReworkRequested')).toEqual([['2026-10-05', 'reworked', '', 1, '0']]);
    expect(on('ClockPaused', { clock: 'rectification' })).toEqual([['2026-10-05', 'paused', '', 1, '0']]);
    expect(on('ExtensionApproved', { clock: 'rectification' })).toEqual([['2026-10-05', 'extended', '', 1, '0']]);
    expect(on('ExtensionRequested', { clock: 'rectification' })).toEqual([]);
    const closed = countsOf(
      event('CaseClosed', '2026-10-05T03:00:00.000Z', { outcome: 'valid', dissatisfactionAccepted: { reason: 'beyond the contract' } }),
      state(),
      state({ outcome: 'valid', kind: 'repair' }),
      dayOf,
      monthOf,
    );
    expect(days(closed)).toContainEqual(['2026-10-05', 'closed_dissatisfied', '', 1, '0']);
  });

  it('an urging and a notice count for their department in the month of the event, whatever the case', () => {
    for (const [type, metric] of [['CaseUrged', 'urged'], ['NoticeIssued', 'notices']]) {
      const counts = countsOf(event(type, '2026-10-31T16:30:00.000Z', { departmentId: 'eng' }), state(), state(), dayOf, monthOf);
      expect(counts.departments).toEqual([{ month: '2026-11', departmentId: 'eng', metric, code: '', n: 1, total: 0, distinct: false }]);
    }
  });
});
