import { DateTime } from 'luxon';
import { preconditionNotMet } from '../errors';
import type { MonthlyReportPublished, ReportState } from './events';

export interface PublishMonthlyReport {
  type: 'PublishMonthlyReport';
  month: string;
  siteId?: string;
  report: Record<string, unknown>;
  publishedBy: string;
}

export interface ReportContext {
  /** The injected clock's instant (ISO). */
  now: string;
  /** The configured zone (CASEBOOK_TZ): months are local months. */
  timeZone: string;
}

/** The first instant after month `month` in `timeZone`. */
export const monthEnd = (month: string, timeZone: string): DateTime =>
  DateTime.fromFormat(month, 'yyyy-MM', { zone: timeZone }).startOf('month').plus({ months: 1 });

/** A month's report and penalty notice come once it has ended (local time): refused while it runs, or in the future. */
export function requireMonthEnded(month: string, now: string, timeZone: string): void {
  const end = monthEnd(month, timeZone);
  if (!end.isValid) throw new RangeError(`not a month: ${month}`);
  if (DateTime.fromISO(now, { zone: 'utc' }).toMillis() < end.toMillis()) {
    throw preconditionNotMet(`the month ${month} has not ended yet (it ends at ${end.toUTC().toISO()})`, ['month_ended']);
  }
}

/**
 * PRODUCT.md §8: a month is published once, after it has ended (local time); the event holds
 * the whole report, frozen. Refusals: the month still running (or in the future), already published.
 */
export function decidePublish(command: PublishMonthlyReport, state: ReportState, ctx: ReportContext): MonthlyReportPublished[] {
  requireMonthEnded(command.month, ctx.now, ctx.timeZone);
  if (state.published) throw preconditionNotMet(`the report of ${command.month} is already published`, ['not_published']);
  const { month, siteId, report, publishedBy } = command;
  return [{ type: 'MonthlyReportPublished', data: { month, ...(siteId !== undefined ? { siteId } : {}), report, publishedBy } }];
}
