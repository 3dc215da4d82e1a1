import { DateTime } from 'luxon';

const HOUR_MS = 3_600_000;

/**
 * Reads an ISO-8601 instant. One without an offset is read as UTC rather than in the host's
 * zone, so a decision never depends on the machine that made it.
 */
export const parseInstant = (instant: string): DateTime => {
  const parsed = DateTime.fromISO(instant, { zone: 'utc' });
  if (!parsed.isValid) throw new RangeError(`Not an ISO-8601 instant: "${instant}"`);
  return parsed;
};

/** The ISO form used everywhere in events and the API: UTC with milliseconds. */
export const toIsoInstant = (time: DateTime): string => new Date(time.toMillis()).toISOString();

/** Plain elapsed time (24×7): no calendar, no time zone. */
export const addHours = (instant: string, hours: number): string =>
  new Date(parseInstant(instant).toMillis() + hours * HOUR_MS).toISOString();

/** "N days" without "working" means N × 24 h (PRODUCT.md §4), even across a DST change. */
export const addDays = (instant: string, days: number): string => addHours(instant, days * 24);
