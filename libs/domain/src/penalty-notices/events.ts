/**
 * The penalty notice's events (奖罚通知单, PRODUCT.md §14, EVENTS.md): one stream per month and
 * scope, `penalty-notice-{YYYY-MM}` (all sites) or `penalty-notice-{YYYY-MM}-{siteId}`.
 */
type Event<T extends string, D> = { type: T; data: D };

export type PenaltyNoticeIssued = Event<
  'PenaltyNoticeIssued',
  {
    month: string;
    siteId?: string;
    lineIds: string[];
    /** The lines' effective figures summed, decimal strings with 2 places. */
    totals: { points: string; amount: string };
    /** Inclusive: objections are taken until then. */
    objectionDeadline: string;
    issuedBy: string;
  }
>;
/** `departmentId`: the department the line charges, of which the objector is a supervisor or above. */
export type PenaltyObjected = Event<'PenaltyObjected', { lineId: string; reason: string; objectedBy: string; departmentId: string }>;
export type PenaltyObjectionRejected = Event<'PenaltyObjectionRejected', { lineId: string; comment?: string; decidedBy: string }>;
export type PenaltyNoticeApproved = Event<'PenaltyNoticeApproved', { month: string; siteId?: string; approvedBy: string }>;

export type PenaltyNoticeEvent = PenaltyNoticeIssued | PenaltyObjected | PenaltyObjectionRejected | PenaltyNoticeApproved;

export const PENALTY_NOTICE_EVENT_TYPES = [
  'PenaltyNoticeIssued',
  'PenaltyObjected',
  'PenaltyObjectionRejected',
  'PenaltyNoticeApproved',
] as const satisfies readonly PenaltyNoticeEvent['type'][];

/** Policies an event's decision applied, named in its metadata (PRODUCT.md §12). */
export const PENALTY_NOTICE_POLICIES_APPLIED: Partial<Record<PenaltyNoticeEvent['type'], readonly ('penalty' | 'calendar')[]>> = {
  // The objection window, in working days.
  PenaltyNoticeIssued: ['penalty', 'calendar'],
  // The approver role.
  PenaltyObjectionRejected: ['penalty'],
  PenaltyNoticeApproved: ['penalty'],
};

export const penaltyNoticeStreamId = (month: string, siteId?: string): string =>
  `penalty-notice-${month}${siteId === undefined ? '' : `-${siteId}`}`;

/**
 * What a notice stream adds up to. An objection is `pending` until the approver rejects it; an
 * adjustment or waiver of its line (a case event) upholds it, which the notice learns from the
 * handler when it matters (RejectPenaltyObjection, ApprovePenaltyNotice).
 */
export interface PenaltyNoticeState {
  status: 'none' | 'issued' | 'approved';
  month?: string;
  siteId?: string;
  lineIds: string[];
  objectionDeadline?: string;
  objections: Record<string, 'pending' | 'rejected'>;
}

export const initialPenaltyNoticeState: PenaltyNoticeState = { status: 'none', lineIds: [], objections: {} };

export function evolvePenaltyNotice(state: PenaltyNoticeState, event: PenaltyNoticeEvent): PenaltyNoticeState {
  switch (event.type) {
    case 'PenaltyNoticeIssued': {
      const { month, siteId, lineIds, objectionDeadline } = event.data;
      return { ...state, status: 'issued', month, ...(siteId !== undefined ? { siteId } : {}), lineIds, objectionDeadline };
    }
    case 'PenaltyObjected':
      return { ...state, objections: { ...state.objections, [event.data.lineId]: 'pending' } };
    case 'PenaltyObjectionRejected':
      return { ...state, objections: { ...state.objections, [event.data.lineId]: 'rejected' } };
    case 'PenaltyNoticeApproved':
      return { ...state, status: 'approved' };
    default: {
      const unhandled: never = event;
      throw new Error(`unhandled event ${(unhandled as PenaltyNoticeEvent).type}`);
    }
  }
}
