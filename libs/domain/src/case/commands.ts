import type {
  CauseType,
  Channel,
  ClockName,
  EscalationLevel,
  InvalidReason,
  Satisfaction,
  SettlementType,
  VisitMethod,
} from './vocabulary';
import type { ComplaintLogged, ResponsibilityLine } from './events';

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
export type CloseCase = Command<'CloseCase', { summary: string }>;
export type ReopenCase = Command<'ReopenCase', { reason: string }>;
export type RecordShirking = Command<'RecordShirking', { staff: StaffRef; description: string }>;
export type MarkSlaBreached = Command<'MarkSlaBreached', { clock: ClockName; dueAt: string }>;
export type ErasePersonalData = Command<'ErasePersonalData', { reason: string }>;

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
  | ErasePersonalData;
