/** The monthly report's events (EVENTS.md): stream `report-{YYYY-MM}` (whole company) or `report-{YYYY-MM}-{siteId}`. */
export interface MonthlyReportPublished {
  type: 'MonthlyReportPublished';
  data: {
    month: string;
    siteId?: string;
    /** The full frozen report (PRODUCT.md §8), as it stood when published. */
    report: Record<string, unknown>;
    publishedBy: string;
  };
}

export type ReportEvent = MonthlyReportPublished;

export const REPORT_EVENT_TYPES: ReportEvent['type'][] = ['MonthlyReportPublished'];

export const reportStreamId = (month: string, siteId?: string): string => `report-${month}${siteId === undefined ? '' : `-${siteId}`}`;

/** What a report stream adds up to: published or not. */
export interface ReportState {
  published: boolean;
}

export const initialReportState: ReportState = { published: false };

export const evolveReport = (state: ReportState, event: ReportEvent): ReportState =>
  event.type === 'MonthlyReportPublished' ? { published: true } : state;
