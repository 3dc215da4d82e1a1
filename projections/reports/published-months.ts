import type { EntityManager } from 'typeorm';
import type { StoredEvent } from '@casebook/event-store';
import { insertRows } from '../insert-rows';
import { ALL_SITES } from '../penalties/penalties.projection';

/** MonthlyReportPublished (stream `report-{YYYY-MM}[-{siteId}]`): the month and the site are all the dashboard reads of it. */
export const REPORT_PUBLISHED = 'MonthlyReportPublished';

/**
 * Records the months published (`dashboard_reports`), for a site (`report-YYYY-MM-{siteId}`) or
 * company-wide (`report-YYYY-MM`, scope `*`), so the dashboard can tell whether last month's
 * report is out. Keyed by month and scope: a replay adds nothing.
 */
export async function recordPublishedMonths(events: StoredEvent[], manager: EntityManager): Promise<void> {
  const rows = events.flatMap((e) => {
    const data = e.data as { month?: unknown; siteId?: unknown };
    const fromStream = /^report-(\d{4}-\d{2})(?:-(.+))?$/.exec(e.streamId);
    const month = typeof data.month === 'string' ? data.month : fromStream?.[1];
    if (!month) return [];
    const site = typeof data.siteId === 'string' && data.siteId !== '' ? data.siteId : (fromStream?.[2] ?? ALL_SITES);
    return [{ month, scope: site, published_at: e.recordedAt }];
  });
  await insertRows(manager, 'dashboard_reports', 'month text, scope text, published_at timestamptz', rows, 'ON CONFLICT (month, scope) DO NOTHING');
}
