import type {
  Category,
  CauseType,
  Channel,
  ClockName,
  EscalationLevel,
  InvalidReason,
  Kind,
  Market,
  NoticeKind,
  Outcome,
  PauseReason,
  Satisfaction,
  SettlementType,
  Severity,
  VisitMethod,
} from './vocabulary';
import type { RankedRole } from '../roles';
import type { PenaltyRuleId } from '../policies/documents';

/**
 * The events of a case stream (EVENTS.md, version 1). `type` is the stored type name.
 * Timestamps are ISO-8601 UTC strings; money and shares are decimal strings.
 */

/** Personal data as stored: each present field is ciphertext sealed with the complainant's key. */
export interface SealedComplainant {
  name: string;
  phone: string;
  unit?: string;
  company?: string;
  email?: string;
}

export interface ResponsibilityLine {
  departmentId: string;
  staffId?: string;
  /** Decimal string, 4 places at most, in (0, 1]. */
  share: string;
}

type Event<T extends string, D> = { type: T; data: D };

export type ComplaintLogged = Event<
  'ComplaintLogged',
  {
    caseId: string;
    caseNumber: string;
    kind: Kind;
    siteId: string;
    channel: Channel;
    category: Category;
    severity: Severity;
    market: Market;
    subject: string;
    description: string;
    complainant: SealedComplainant;
    complainantKeyId: string;
    receivedAt: string;
    firstResponderId: string;
    firstResponderDepartmentId: string;
    deadlines: { firstReplyBy?: string; resolutionBy: string };
  }
>;
export type ComplainantReplied = Event<
  'ComplainantReplied',
  { message: string; channel: Channel; repliedBy: string; nextReplyBy?: string }
>;
export type ComplaintResolvedOnSpot = Event<
  'ComplaintResolvedOnSpot',
  { resolution: string; resolvedBy: string; returnVisitBy: string }
>;
export type ComplaintValidated = Event<'ComplaintValidated', { validatedBy: string; note?: string }>;
export type ComplaintInvalidated = Event<
  'ComplaintInvalidated',
  { reason: InvalidReason; note?: string; invalidatedBy: string; replyBy: string }
>;
export type ResponsibilityAssigned = Event<
  'ResponsibilityAssigned',
  {
    departmentId: string;
    assigneeId: string;
    assignedBy: string;
    note?: string;
    investigationBy?: string;
    rectificationBy: string;
    previous?: { departmentId: string; assigneeId: string };
  }
>;
export type CaseEscalated = Event<
  'CaseEscalated',
  {
    level: Exclude<EscalationLevel, 'none'>;
    /** `major_complaint`, `sla_breach:<clock>` or `manual`. */
    reason: string;
    note?: string;
    escalatedBy: string;
  }
>;
export type InvestigationReported = Event<
  'InvestigationReported',
  {
    rootCause: string;
    causeType: CauseType;
    responsibility: ResponsibilityLine[];
    countermeasures: string;
    reportedBy: string;
  }
>;
export type RectificationCompleted = Event<
  'RectificationCompleted',
  { description: string; completedAt: string; completedBy: string; returnVisitBy: string }
>;
export type SettlementProposed = Event<
  'SettlementProposed',
  {
    settlementId: string;
    type: SettlementType;
    amount: string;
    currency: string;
    description: string;
    requiredRole: RankedRole | 'none';
  }
>;
type SettlementDecision = { settlementId: string; decidedBy: string; decidedByRole: string; comment?: string };
export type SettlementApproved = Event<'SettlementApproved', SettlementDecision>;
export type SettlementRejected = Event<'SettlementRejected', SettlementDecision>;
type CustomerResponse = { settlementId: string; comment?: string; recordedBy: string };
export type SettlementAccepted = Event<'SettlementAccepted', CustomerResponse>;
export type SettlementDisputed = Event<'SettlementDisputed', CustomerResponse>;
export type ReturnVisitRecorded = Event<
  'ReturnVisitRecorded',
  {
    method: VisitMethod;
    satisfaction: Satisfaction;
    comment?: string;
    customerConfirmed: boolean;
    visitedBy: string;
  }
>;
export type CaseClosed = Event<
  'CaseClosed',
  {
    summary: string;
    closedBy: string;
    outcome: Outcome;
    /** A manager+ closed it although the last return visit was dissatisfied (PRODUCT.md §13). */
    dissatisfactionAccepted?: { reason: string };
  }
>;
export type CaseReopened = Event<
  'CaseReopened',
  { reason: string; reopenedBy: string; previousAssigneeId?: string }
>;
export type ShirkingRecorded = Event<
  'ShirkingRecorded',
  { staffId: string; description: string; recordedBy: string }
>;
export type SlaBreached = Event<
  'SlaBreached',
  { clock: ClockName; dueAt: string; accountableStaffId: string }
>;
export type PersonalDataErased = Event<
  'PersonalDataErased',
  { complainantKeyId: string; reason: string; erasedBy: string }
>;

/** One line of a penalty assessment (PRODUCT.md §7): points and money are signed decimal strings, 2 places. */
export interface PenaltyLine {
  /** `{assessmentId}.{n}`, n from 1: derived, so an assessment decided again has the same ids. */
  lineId: string;
  rule: PenaltyRuleId;
  targetType: 'department' | 'staff';
  targetId: string;
  /** Staff lines: the staff member's department when the line was decided (department totals count it there). */
  departmentId?: string;
  points: string;
  amount: string;
  /** VALID_* department lines: accepted settlement amount × share ("0.00" without one). */
  lossAmount?: string;
  /** VALID_* lines: the responsibility share the points were scaled by. */
  share?: string;
}
export type PenaltyAssessed = Event<
  'PenaltyAssessed',
  {
    assessmentId: string;
    lines: PenaltyLine[];
    policyVersion: number;
    /** The policy's amount per point, as applied: an adjustment of a line is priced with it. */
    amountPerPoint: string;
    /** The id of the event assessed. */
    trigger: string;
    /**
     * The month (YYYY-MM, local time in the configured zone) the assessment was recorded in,
     * where its lines count (PRODUCT.md §7, §8): decided once, so a report never re-derives it.
     */
    month: string;
  }
>;
export type PenaltyAdjusted = Event<
  'PenaltyAdjusted',
  { lineId: string; points: string; amount: string; reason: string; adjustedBy: string }
>;
export type PenaltyWaived = Event<'PenaltyWaived', { lineId: string; reason: string; waivedBy: string }>;

// --- the supervision line (PRODUCT.md §13) ---------------------------------------------------

export type ReworkRequested = Event<
  'ReworkRequested',
  {
    reason: string;
    requestedBy: string;
    /** The new rectification clock's due time; absent when the case has no assignee yet (its clock starts at the assignment). */
    rectificationBy?: string;
    /** The event id of the dissatisfied return visit. */
    visitId: string;
  }
>;
export type ClockPaused = Event<
  'ClockPaused',
  {
    clock: ClockName;
    reason: PauseReason;
    note?: string;
    /** When it resumes by itself: as asked, cut to the clock's remaining pause allowance, or that allowance's end. */
    resumeAt?: string;
    pausedBy: string;
  }
>;
export type ClockResumed = Event<
  'ClockResumed',
  {
    clock: ClockName;
    /** A staff id, or `system` at resumeAt. */
    resumedBy: string;
    note?: string;
    pausedMs: number;
    dueAt: string;
    previousDueAt: string;
  }
>;
export type ExtensionRequested = Event<
  'ExtensionRequested',
  { clock: ClockName; requestId: string; dueAt: string; reason: string; requestedBy: string }
>;
type ExtensionDecision = { clock: ClockName; requestId: string; decidedBy: string; decidedByRole: string; comment?: string };
export type ExtensionApproved = Event<'ExtensionApproved', ExtensionDecision & { dueAt: string; previousDueAt: string }>;
export type ExtensionRejected = Event<'ExtensionRejected', ExtensionDecision>;
export type SlaAtRisk = Event<'SlaAtRisk', { clock: ClockName; dueAt: string; fraction: number }>;
export type CaseUrged = Event<
  'CaseUrged',
  { message: string; staffId: string; departmentId: string; clock?: ClockName; urgedBy: string }
>;
export type NoticeIssued = Event<
  'NoticeIssued',
  { noticeId: string; kind: NoticeKind; departmentId: string; staffId?: string; text: string; issuedBy: string }
>;

export type CaseEvent =
  | ComplaintLogged
  | ComplainantReplied
  | ComplaintResolvedOnSpot
  | ComplaintValidated
  | ComplaintInvalidated
  | ResponsibilityAssigned
  | CaseEscalated
  | InvestigationReported
  | RectificationCompleted
  | SettlementProposed
  | SettlementApproved
  | SettlementRejected
  | SettlementAccepted
  | SettlementDisputed
  | ReturnVisitRecorded
  | CaseClosed
  | CaseReopened
  | ShirkingRecorded
  | SlaBreached
  | PersonalDataErased
  | PenaltyAssessed
  | PenaltyAdjusted
  | PenaltyWaived
  | ReworkRequested
  | ClockPaused
  | ClockResumed
  | ExtensionRequested
  | ExtensionApproved
  | ExtensionRejected
  | SlaAtRisk
  | CaseUrged
  | NoticeIssued;

export type CaseEventType = CaseEvent['type'];

/** An event as read back: what was decided, plus when it was recorded and, from a store, its id. */
export type Recorded<E> = E & { recordedAt: string; eventId?: string };

export const caseStreamId = (caseId: string) => `case-${caseId}`;

/** Every case event type, for subscriptions and filters. */
export const CASE_EVENT_TYPES = [
  'ComplaintLogged',
  'ComplainantReplied',
  'ComplaintResolvedOnSpot',
  'ComplaintValidated',
  'ComplaintInvalidated',
  'ResponsibilityAssigned',
  'CaseEscalated',
  'InvestigationReported',
  'RectificationCompleted',
  'SettlementProposed',
  'SettlementApproved',
  'SettlementRejected',
  'SettlementAccepted',
  'SettlementDisputed',
  'ReturnVisitRecorded',
  'CaseClosed',
  'CaseReopened',
  'ShirkingRecorded',
  'SlaBreached',
  'PersonalDataErased',
  'PenaltyAssessed',
  'PenaltyAdjusted',
  'PenaltyWaived',
  'ReworkRequested',
  'ClockPaused',
  'ClockResumed',
  'ExtensionRequested',
  'ExtensionApproved',
  'ExtensionRejected',
  'SlaAtRisk',
  'CaseUrged',
  'NoticeIssued',
] as const satisfies readonly CaseEventType[];

// Fails to compile when a type is added to the union but not to the list.
type Missing = Exclude<CaseEventType, (typeof CASE_EVENT_TYPES)[number]>;
const _everyTypeListed: Missing extends never ? true : Missing = true;
void _everyTypeListed;

/** Policies an event's decision applied, named in its metadata (PRODUCT.md §12). */
export const POLICIES_APPLIED: Partial<Record<CaseEventType, readonly ('sla' | 'approval' | 'calendar' | 'penalty')[]>> = {
  ComplaintLogged: ['sla'],
  ComplaintResolvedOnSpot: ['sla', 'calendar'],
  ComplaintInvalidated: ['sla'],
  ResponsibilityAssigned: ['sla', 'calendar'],
  RectificationCompleted: ['sla', 'calendar'],
  SettlementProposed: ['approval'],
  ReworkRequested: ['sla', 'calendar'],
  // The pause allowance (maxPauseDays) decides its resumeAt.
  ClockPaused: ['sla'],
  // maxPerClock; an approval also the supervisor's limit, in working days.
  ExtensionRequested: ['sla'],
  ExtensionApproved: ['sla', 'calendar'],
  SlaAtRisk: ['sla'],
  // The version in force when the trigger was recorded (the decision's context is built for that instant).
  PenaltyAssessed: ['penalty'],
};
