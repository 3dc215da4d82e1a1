import type {
  CauseType,
  Channel,
  ClockName,
  EscalationLevel,
  InvalidReason,
  NoticeKind,
  PauseReason,
  Satisfaction,
  SettlementType,
  VisitMethod,
} from './vocabulary';
import type { ComplaintLogged, ResponsibilityLine } from './events';
import type { PenaltyTrigger } from './penalties';
import type { CaseState } from './state';

/**
 * The commands on a case (PRODUCT.md §3). Inputs come from the request; facts the decider
 * needs from elsewhere (the directory, the sealed personal data, the allocated number) are
 * looked up by the handler and passed in, so `decide` stays pure.
 */
type Command<T extends string, D> = { type: T } & D;

/** A staff member as the directory knows them at decision time. */
export interface StaffRef {
  id: string;
  departmentId: string;
}

/** What ComplaintLogged records, but the deadlines (decided) and the first responder (looked up). */
export type LogComplaint = Command<
  'LogComplaint',
  Omit<ComplaintLogged['data'], 'deadlines' | 'firstResponderId' | 'firstResponderDepartmentId'> & {
    firstResponder: StaffRef;
  }
>;
export type RecordReply = Command<'RecordReply', { message: string; channel: Channel; nextReplyBy?: string }>;
export type ResolveOnTheSpot = Command<'ResolveOnTheSpot', { resolution: string }>;
export type ValidateComplaint = Command<
  'ValidateComplaint',
  { valid: boolean; reason?: InvalidReason; note?: string }
>;
export type AssignResponsibility = Command<
  'AssignResponsibility',
  { departmentId: string; assignee: StaffRef; note?: string }
>;
export type EscalateCase = Command<
  'EscalateCase',
  { level: Exclude<EscalationLevel, 'none'>; reason: string }
>;
export type ReportInvestigation = Command<
  'ReportInvestigation',
  { rootCause: string; causeType: CauseType; responsibility: ResponsibilityLine[]; countermeasures: string }
>;
export type CompleteRectification = Command<
  'CompleteRectification',
  { description: string; completedAt?: string }
>;
export type ProposeSettlement = Command<
  'ProposeSettlement',
  { settlementId: string; settlementType: SettlementType; amount: string; currency: string; description: string }
>;
export type DecideSettlement = Command<'DecideSettlement', { decision: 'approve' | 'reject'; comment?: string }>;
export type RecordCustomerResponse = Command<'RecordCustomerResponse', { accepted: boolean; comment?: string }>;
export type RecordReturnVisit = Command<
  'RecordReturnVisit',
  { method: VisitMethod; satisfaction: Satisfaction; comment?: string; customerConfirmed?: boolean }
>;
export type CloseCase = Command<'CloseCase', { summary: string; dissatisfactionAccepted?: { reason: string } }>;
export type ReopenCase = Command<'ReopenCase', { reason: string }>;
export type RecordShirking = Command<'RecordShirking', { staff: StaffRef; description: string }>;
export type MarkSlaBreached = Command<'MarkSlaBreached', { clock: ClockName; dueAt: string }>;
/** The system's reaction to an SlaBreached (PRODUCT.md §5): one level up, or nothing at gm. */
export type EscalateAfterBreach = Command<'EscalateAfterBreach', { clock: ClockName }>;
export type ErasePersonalData = Command<'ErasePersonalData', { reason: string }>;
/**
 * The system's reaction to an event that may cost penalties (PRODUCT.md §7). The handler reads
 * the facts: the case as the trigger left it, and each staff target's department now. The
 * decision context carries the penalty policy in force when the trigger was recorded.
 */
export type AssessPenalties = Command<
  'AssessPenalties',
  { assessmentId: string; trigger: PenaltyTrigger; atTrigger: CaseState; staffDepartments: Record<string, string> }
>;
/** `noticeApproved`: the line is on a penalty notice already approved (PRODUCT.md §14), looked up by the handler. */
type PenaltyLineChange = { lineId: string; reason: string; noticeApproved?: boolean };
export type AdjustPenalty = Command<'AdjustPenalty', PenaltyLineChange & { points: string }>;
export type WaivePenalty = Command<'WaivePenalty', PenaltyLineChange>;

// --- the supervision line (PRODUCT.md §13) ---------------------------------------------------

export type RequestRework = Command<'RequestRework', { reason: string }>;
/**
 * The clock commands name the clock as the path does: a name that is no clock is refused as
 * NOT_FOUND by the decider, before anything else. `requestId` is chosen by the handler.
 */
export type PauseClock = Command<'PauseClock', { clock: ClockName; reason: PauseReason; note?: string; resumeAt?: string }>;
/** By staff, or by the system at the pause's resumeAt. */
export type ResumeClock = Command<'ResumeClock', { clock: ClockName; note?: string }>;
export type RequestExtension = Command<'RequestExtension', { clock: ClockName; requestId: string; dueAt: string; reason: string }>;
export type DecideExtension = Command<'DecideExtension', { clock: ClockName; decision: 'approve' | 'reject'; comment?: string }>;
/** The system's warning that a clock is at risk (预警), for the clock due at `dueAt`. */
export type MarkSlaAtRisk = Command<'MarkSlaAtRisk', { clock: ClockName; dueAt: string }>;
/**
 * `staffDepartments`: the department, as the directory has it now, of the staff member
 * `urgedStaffId(state, command)` names; the handler looks it up (an unknown `staffId` is left out).
 */
export type UrgeCase = Command<
  'UrgeCase',
  { message: string; staffId?: string; clock?: ClockName; staffDepartments: Readonly<Record<string, string>> }
>;
/** `staff`: the staff member named, looked up in the directory. */
export type IssueNotice = Command<
  'IssueNotice',
  { noticeId: string; kind: NoticeKind; departmentId: string; staff?: StaffRef; text: string }
>;

export type CaseCommand =
  | LogComplaint
  | RecordReply
  | ResolveOnTheSpot
  | ValidateComplaint
  | AssignResponsibility
  | EscalateCase
  | ReportInvestigation
  | CompleteRectification
  | ProposeSettlement
  | DecideSettlement
  | RecordCustomerResponse
  | RecordReturnVisit
  | CloseCase
  | ReopenCase
  | RecordShirking
  | MarkSlaBreached
  | EscalateAfterBreach
  | ErasePersonalData
  | AssessPenalties
  | AdjustPenalty
  | WaivePenalty
  | RequestRework
  | PauseClock
  | ResumeClock
  | RequestExtension
  | DecideExtension
  | MarkSlaAtRisk
  | UrgeCase
  | IssueNotice;
