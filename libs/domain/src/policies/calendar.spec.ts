import { execFileSync } from 'node:child_process';
import { DateTime } from 'luxon';
import { WorkingCalendar, createWorkingCalendar } from './calendar';

/** Reads a result back as Shanghai wall-clock time, so expectations match PRODUCT.md §4's wording. */
const inShanghai = (iso: string): string =>
  DateTime.fromISO(iso, { zone: 'Asia/Shanghai' }).toFormat('ccc yyyy-MM-dd HH:mm');

describe('WorkingCalendar.isWorkingDay', () => {
  const calendar = new WorkingCalendar();

  it.each([
    ['2026-03-13', true, 'an ordinary Friday'],
    ['2026-03-14', false, 'an ordinary Saturday'],
    ['2026-10-01', false, 'National Day, a Thursday'],
    ['2026-10-07', false, 'the last day of the National Day holiday'],
    ['2026-10-08', true, 'the Thursday after the holiday'],
    ['2026-10-10', true, 'a Saturday worked in lieu (调休)'],
    ['2026-10-11', false, 'the Sunday after it'],
  ])('%s is %s (%s)', (date, expected) => {
    expect(calendar.isWorkingDay(date)).toBe(expected);
  });

  it('lets an admin override win over the data package, both ways', () => {
    const overridden = new WorkingCalendar({
      overrides: [
        { date: '2026-10-05', workday: true },
        { date: '2026-10-10', workday: false },
        { date: '2026-03-13', workday: false },
      ],
    });
    expect(overridden.isWorkingDay('2026-10-05')).toBe(true);
    expect(overridden.isWorkingDay('2026-10-10')).toBe(false);
    expect(overridden.isWorkingDay('2026-03-13')).toBe(false);
    expect(overridden.isWorkingDay('2026-10-06')).toBe(false);
  });

  it.each(['2026-02-30', '2026-3-1', '2026-03-01T00:00:00Z', ''])('refuses "%s", not a YYYY-MM-DD date', (date) => {
    expect(() => calendar.isWorkingDay(date)).toThrow(RangeError);
  });
});

describe('a year the data package has no schedule for', () => {
  // Far enough ahead that a package update will not publish it; 2099-01-01 is a Thursday.
  const year = 2099;

  it('counts Monday–Friday: New Year’s Day is an ordinary Thursday', () => {
    const calendar = new WorkingCalendar({ onYearWithoutData: () => undefined });
    expect(calendar.isWorkingDay('2099-01-01')).toBe(true);
    expect(calendar.isWorkingDay('2099-01-03')).toBe(false);
    expect(inShanghai(calendar.addWorkingDays('2099-01-02T16:00:00+08:00', 1))).toBe('Mon 2099-01-05 16:00');
  });

  it('reports the year once per calendar, however often it is consulted', () => {
    const warn = jest.fn();
    const calendar = new WorkingCalendar({ onYearWithoutData: warn });
    calendar.isWorkingDay('2099-01-01');
    calendar.isWorkingDay('2099-06-01');
    calendar.addWorkingDays('2099-03-06T10:00:00+08:00', 3);
    expect(warn).toHaveBeenCalledTimes(1);
    expect(warn).toHaveBeenCalledWith(year);

    calendar.isWorkingDay('2098-01-01');
    expect(warn).toHaveBeenCalledTimes(2);
    expect(warn).toHaveBeenLastCalledWith(2098);

    const another = new WorkingCalendar({ onYearWithoutData: warn });
    another.isWorkingDay('2099-01-01');
    expect(warn).toHaveBeenCalledTimes(3);
  });

  it('still applies overrides, without a warning for a date they decide', () => {
    const warn = jest.fn();
    const overrides = [{ date: '2099-01-01', workday: false }];
    const calendar = new WorkingCalendar({ overrides, onYearWithoutData: warn });
    expect(calendar.isWorkingDay('2099-01-01')).toBe(false);
    expect(warn).not.toHaveBeenCalled();
  });

  it('does not report a year the package has a schedule for', () => {
    const warn = jest.fn();
    new WorkingCalendar({ onYearWithoutData: warn }).isWorkingDay('2026-10-01');
    expect(warn).not.toHaveBeenCalled();
  });
});

describe('WorkingCalendar.addWorkingDays (PRODUCT.md §4, Asia/Shanghai)', () => {
  const calendar = createWorkingCalendar();

  it.each([
    ['Fri 16:00 + 1 = Mon 16:00', '2026-03-13T16:00:00+08:00', 1, 'Mon 2026-03-16 16:00'],
    ['Sat 10:00 + 1 = Tue 00:00', '2026-03-14T10:00:00+08:00', 1, 'Tue 2026-03-17 00:00'],
    ['over National Day (Oct 1–7)', '2026-09-30T10:00:00+08:00', 1, 'Thu 2026-10-08 10:00'],
    ['onto a Saturday worked in lieu', '2026-10-09T16:00:00+08:00', 1, 'Sat 2026-10-10 16:00'],
    ['three days over a weekend', '2026-03-12T09:30:00+08:00', 3, 'Tue 2026-03-17 09:30'],
    ['from inside the holiday', '2026-10-03T15:00:00+08:00', 1, 'Fri 2026-10-09 00:00'],
  ])('%s', (_, from, n, expected) => {
    expect(inShanghai(calendar.addWorkingDays(from, n))).toBe(expected);
  });

  it('answers in UTC, in toISOString form, whatever offset it was given', () => {
    expect(calendar.addWorkingDays('2026-03-13T08:00:00Z', 1)).toBe('2026-03-16T08:00:00.000Z');
    expect(calendar.addWorkingDays('2026-03-13T03:00:00-05:00', 1)).toBe('2026-03-16T08:00:00.000Z');
  });

  it('takes the date in its own time zone: 20:00 UTC on a Friday is already Saturday in Shanghai', () => {
    expect(inShanghai(calendar.addWorkingDays('2026-03-13T20:00:00Z', 1))).toBe('Tue 2026-03-17 00:00');
  });

  it('keeps seconds and milliseconds of the time of day', () => {
    expect(calendar.addWorkingDays('2026-03-13T08:12:34.567Z', 1)).toBe('2026-03-16T08:12:34.567Z');
  });

  it('with N = 0 keeps a working-day instant and moves a holiday one to 00:00 of the next working day', () => {
    expect(calendar.addWorkingDays('2026-03-13T08:00:00.000Z', 0)).toBe('2026-03-13T08:00:00.000Z');
    expect(inShanghai(calendar.addWorkingDays('2026-03-14T10:00:00+08:00', 0))).toBe('Mon 2026-03-16 00:00');
  });

  it('follows overrides: a weekend day made a workday, a weekday made a holiday', () => {
    const weekendWorked = new WorkingCalendar({ overrides: [{ date: '2026-03-14', workday: true }] });
    expect(inShanghai(weekendWorked.addWorkingDays('2026-03-13T16:00:00+08:00', 1))).toBe('Sat 2026-03-14 16:00');

    const mondayOff = new WorkingCalendar({ overrides: [{ date: '2026-03-16', workday: false }] });
    expect(inShanghai(mondayOff.addWorkingDays('2026-03-13T16:00:00+08:00', 1))).toBe('Tue 2026-03-17 16:00');
  });

  it.each([-1, 1.5, Number.NaN])('refuses %s working days', (n) => {
    expect(() => calendar.addWorkingDays('2026-03-13T08:00:00Z', n)).toThrow(RangeError);
  });

  it('refuses an instant that is not ISO-8601', () => {
    expect(() => calendar.addWorkingDays('13/03/2026 16:00', 1)).toThrow(RangeError);
  });
});

describe('WorkingCalendar in other time zones', () => {
  it('works in UTC', () => {
    const utc = new WorkingCalendar({ timeZone: 'UTC' });
    expect(utc.addWorkingDays('2026-03-13T20:00:00Z', 1)).toBe('2026-03-16T20:00:00.000Z');
    expect(utc.addWorkingDays('2026-03-14T10:00:00Z', 1)).toBe('2026-03-17T00:00:00.000Z');
  });

  // New York moved its clocks forward on Sunday 2026-03-08 at 02:00.
  describe('across a DST change (America/New_York)', () => {
    it('keeps the wall-clock time, not the elapsed hours', () => {
      const newYork = new WorkingCalendar({ timeZone: 'America/New_York' });
      // Fri 10:00 EST (UTC-5) + 1 wd = Mon 10:00 EDT (UTC-4).
      expect(newYork.addWorkingDays('2026-03-06T15:00:00Z', 1)).toBe('2026-03-09T14:00:00.000Z');
    });

    it('pushes a time skipped on the due day forward, without carrying the shift to later days', () => {
      const weekendWorked = new WorkingCalendar({
        timeZone: 'America/New_York',
        overrides: [
          { date: '2026-03-07', workday: true },
          { date: '2026-03-08', workday: true },
        ],
      });
      // Sat 02:30 + 1 wd lands on Sun 02:30, which does not exist: 03:30 EDT.
      expect(weekendWorked.addWorkingDays('2026-03-07T07:30:00Z', 1)).toBe('2026-03-08T07:30:00.000Z');
      // Fri 02:30 + 3 wd passes over that Sunday and lands on Mon 02:30 EDT.
      expect(weekendWorked.addWorkingDays('2026-03-06T07:30:00Z', 3)).toBe('2026-03-09T06:30:00.000Z');
    });
  });

  it('refuses an unknown time zone', () => {
    expect(() => new WorkingCalendar({ timeZone: 'Mars/Olympus_Mons' })).toThrow(RangeError);
  });
});

describe('independence from the host time zone', () => {
  // chinese-days takes weekdays in the host's zone, where its own isWorkday goes wrong west of
  // Greenwich. Jest cannot change the zone of a running worker, so ask a child process.
  const answersOnHost = (hostZone: string): unknown => {
    const script = `
      const ts = require('typescript');
      const compilerOptions = { module: ts.ModuleKind.CommonJS, esModuleInterop: true };
      require.extensions['.ts'] = (module, file) => module._compile(
        ts.transpileModule(require('fs').readFileSync(file, 'utf8'), { compilerOptions }).outputText, file);
      const calendar = new (require('./calendar').WorkingCalendar)();
      const dates = ['2026-03-13', '2026-03-14', '2026-10-07', '2026-10-08', '2026-10-10'];
      const due = calendar.addWorkingDays('2026-03-13T08:00:00Z', 1);
      console.log(JSON.stringify([dates.map((d) => calendar.isWorkingDay(d)), due]));
    `;
    const env = { ...process.env, TZ: hostZone };
    const output = execFileSync(process.execPath, ['-e', script], { cwd: __dirname, env, encoding: 'utf8' });
    return JSON.parse(output);
  };

  it('answers as in Shanghai when the host runs on New York time', () => {
    expect(answersOnHost('America/New_York')).toEqual([[true, false, false, true, true], '2026-03-16T08:00:00.000Z']);
  });
});
