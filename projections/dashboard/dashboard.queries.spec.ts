import { percent, previousMonthStatus, trendRange, windows } from './dashboard.queries';

const ZONE = 'Asia/Shanghai';

describe('dashboard windows, periods and report status', () => {
  it('percent: 2 places half-up, null without a denominator', () => {
    expect(percent(1, 4)).toBe('25.00');
    expect(percent(2, 3)).toBe('66.67');
    expect(percent(0, 0)).toBeNull();
  });

  it('days are local days: 01:00 Shanghai is still the previous UTC date', () => {
    expect(windows(new Date('2026-11-15T17:00:00Z'), ZONE)).toEqual({
      now: '2026-11-15T17:00:00.000Z',
      last30d: '2026-10-17T16:00:00.000Z',
      days: { today: '2026-11-16', last7d: '2026-11-10', last30d: '2026-10-18' },
    });
  });

  it('previous month: published (company-wide, or every covered site), due to the 10th inclusive, overdue after', () => {
    const tenth = new Date('2026-11-10T15:59:59+08:00');
    const eleventh = new Date('2026-11-11T00:00:00+08:00');
    expect(previousMonthStatus(tenth, ZONE, new Set(), 'all')).toEqual({ month: '2026-10', status: 'due' });
    expect(previousMonthStatus(eleventh, ZONE, new Set(), 'all')).toEqual({ month: '2026-10', status: 'overdue' });
    expect(previousMonthStatus(eleventh, ZONE, new Set(['*']), ['site-a'])).toEqual({ month: '2026-10', status: 'published' });
    expect(previousMonthStatus(eleventh, ZONE, new Set(['site-a']), ['site-a']).status).toBe('published');
    expect(previousMonthStatus(eleventh, ZONE, new Set(['site-a']), 'all').status).toBe('overdue');
    expect(previousMonthStatus(new Date('2027-01-05T10:00:00+08:00'), ZONE, new Set(), 'all')).toEqual({ month: '2026-12', status: 'due' });
  });

  it('periods: local days, ISO weeks by their Monday, months; range refused past 400 periods', () => {
    expect(trendRange('2026-11-14', '2026-11-16', 'day', ZONE)).toEqual({
      periods: ['2026-11-14', '2026-11-15', '2026-11-16'],
      firstDay: '2026-11-14',
      endDay: '2026-11-17',
    });
    expect(trendRange('2026-11-01', '2026-11-16', 'week', ZONE)).toMatchObject({ periods: ['2026-10-26', '2026-11-02', '2026-11-09', '2026-11-16'] });
    expect(trendRange('2026-11-30', '2027-01-01', 'month', ZONE)).toMatchObject({ periods: ['2026-11', '2026-12', '2027-01'] });
    expect(trendRange('2026-02-30', '2026-03-01', 'day', ZONE)).toMatchObject({ path: 'from' });
    expect(trendRange('2026-03-02', '2026-03-01', 'day', ZONE)).toMatchObject({ path: 'from' });
    expect(trendRange('2025-01-01', '2026-02-04', 'day', ZONE)).toMatchObject({ periods: expect.any(Array) });
    expect(trendRange('2025-01-01', '2026-02-05', 'day', ZONE)).toMatchObject({ path: 'from' });
  });
});
