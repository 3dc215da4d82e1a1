import { getDayDetail, getHolidaysInRange } from 'chinese-days';
import { DateTime, IANAZone } from 'luxon';
import type { CalendarPolicy } from './documents';
import { parseInstant, toIsoInstant } from './time';

export const DEFAULT_TIME_ZONE = 'Asia/Shanghai';

export interface WorkingCalendarOptions {
  /** IANA zone in which dates and times of day are read; default Asia/Shanghai. */
  timeZone?: string;
  /** Admin overrides per date; they win over the data package. */
  overrides?: CalendarPolicy;
  /** Called the first time this calendar falls back to Monday–Friday for a year (so the caller can warn). */
  onYearWithoutData?: (year: number) => void;
}

const DATE_PATTERN = /^\d{4}-\d{2}-\d{2}$/;

type TimeOfDay = Pick<DateTime, 'hour' | 'minute' | 'second' | 'millisecond'>;
const MIDNIGHT: TimeOfDay = { hour: 0, minute: 0, second: 0, millisecond: 0 };

// chinese-days reads "YYYY-MM-DD" as UTC midnight but takes the weekday in the host's zone, so
// west of Greenwich its isWorkday answers for the previous weekday. Its holiday tables are read
// consistently, so it is asked only whether a date is listed (a statutory holiday or an adjusted
// working day, named after the holiday); an unlisted date gets the English weekday name instead,
// and its weekday is taken here.
const WEEKDAY_NAMES = new Set(['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday']);
const officialListing = (date: string): boolean | undefined => {
  const { work, name } = getDayDetail(date);
  return WEEKDAY_NAMES.has(name) ? undefined : work;
};

// chinese-days answers for any year, treating one it has no schedule for as plain weekdays,
// so "has data" is whether it knows at least one holiday that year. The data is static: cache
// it for the whole process.
const yearHasData = new Map<number, boolean>();
const hasOfficialSchedule = (year: number): boolean => {
  let known = yearHasData.get(year);
  if (known === undefined) {
    known = getHolidaysInRange(`${year}-01-01`, `${year}-12-31`, false).length > 0;
    yearHasData.set(year, known);
  }
  return known;
};

/**
 * Mainland-China working days (PRODUCT.md §4): Monday–Friday minus statutory holidays plus
 * adjusted working weekend days (调休), with admin overrides per date.
 */
export class WorkingCalendar {
  readonly timeZone: string;
  private readonly overrides: ReadonlyMap<string, boolean>;
  private readonly onYearWithoutData?: (year: number) => void;
  private readonly yearsReported = new Set<number>();

  constructor(options: WorkingCalendarOptions = {}) {
    const { timeZone = DEFAULT_TIME_ZONE, overrides = [], onYearWithoutData } = options;
    if (!IANAZone.isValidZone(timeZone)) throw new RangeError(`Unknown time zone: "${timeZone}"`);
    this.timeZone = timeZone;
    this.overrides = new Map(overrides.map(({ date, workday }) => [date, workday]));
    this.onYearWithoutData = onYearWithoutData;
  }

  /** `date` is a local date, YYYY-MM-DD. */
  isWorkingDay(date: string): boolean {
    const day = DateTime.fromISO(date, { zone: 'utc' });
    if (!DATE_PATTERN.test(date) || !day.isValid) throw new RangeError(`Not a YYYY-MM-DD date: "${date}"`);

    const override = this.overrides.get(date);
    if (override !== undefined) return override;
    if (hasOfficialSchedule(day.year)) {
      const listed = officialListing(date);
      if (listed !== undefined) return listed;
    } else {
      this.reportYearWithoutData(day.year);
    }
    return day.weekday <= 5;
  }

  /**
   * "T + N working days" (PRODUCT.md §4): keeps T's local time of day; if T's date is not a
   * working day, starts from 00:00 of the next working day; then steps one day at a time,
   * counting only working days, until N have been counted.
   */
  addWorkingDays(instant: string, n: number): string {
    if (!Number.isInteger(n) || n < 0) throw new RangeError(`Working days must be a whole number >= 0, got ${n}`);
    const start = parseInstant(instant).setZone(this.timeZone);

    // Walk bare dates (a UTC DateTime has no DST) and attach the time of day only at the end,
    // so a DST gap on a day passed over cannot shift the result's wall-clock time.
    let date: DateTime = DateTime.utc(start.year, start.month, start.day);
    let timeOfDay: TimeOfDay = start;
    if (!this.isWorkingDay(date.toISODate()!)) {
      date = this.nextWorkingDay(date);
      timeOfDay = MIDNIGHT;
    }
    for (let counted = 0; counted < n; counted++) date = this.nextWorkingDay(date);

    // A wall-clock time skipped by a DST change is pushed forward by the gap (luxon's rule).
    const { hour, minute, second, millisecond } = timeOfDay;
    const due = DateTime.fromObject(
      { year: date.year, month: date.month, day: date.day, hour, minute, second, millisecond },
      { zone: this.timeZone },
    );
    return toIsoInstant(due);
  }

  private nextWorkingDay(date: DateTime): DateTime {
    let next = date.plus({ days: 1 });
    while (!this.isWorkingDay(next.toISODate()!)) next = next.plus({ days: 1 });
    return next;
  }

  private reportYearWithoutData(year: number): void {
    if (this.yearsReported.has(year)) return;
    this.yearsReported.add(year);
    this.onYearWithoutData?.(year);
  }
}

export const createWorkingCalendar = (options?: WorkingCalendarOptions): WorkingCalendar =>
  new WorkingCalendar(options);
