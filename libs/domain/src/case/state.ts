import type {
  CaseEvent,
  ComplaintLogged,
  InvestigationReported,
  PenaltyLine,
  Recorded,
  ReturnVisitRecorded,
  SettlementProposed,
} from './events';
import { DISSATISFIED, type CaseStatus, type Channel, type ClockName, type EscalationLevel, type InvalidReason, type Outcome } from './vocabulary';
import { running, startClock, stopClocks, unpaused, withSupervision, type SlaClock } from './clocks';

/**
 * What a case's events add up to. The decider reads it, and it is also the case read model
 * and the `?asOf=` answer (one fold, one shape). JSON-safe: ISO strings, decimal strings.
 */

export type SettlementStatus = 'pending' | 'approved' | 'rejected' | 'accepted' | 'disputed';

export interface Settlement {
  settlementId: string;
  type: SettlementProposed['data']['type'];
  amount: string;
  currency: string;
  description: string;
  requiredRole: SettlementProposed['data']['requiredRole'];
  status: SettlementStatus;
  approvedBy?: string;
}

/** A penalty line of the case as it stands: the line assessed, and what a manager did to it since. */
export interface PenaltyLineState {
  rule: PenaltyLine['rule'];
  targetType: PenaltyLine['targetType'];
  targetId: string;
  points: string;
  amount: string;
  policyVersion: number;
  /** Of the assessment's policy version: an adjustment is priced with it. */
  amountPerPoint: string;
  adjustedPoints?: string;
  adjustedAmount?: string;
  waived: boolean;
}

export interface CasePenalties {
  /** Ids of the events already assessed: an assessment is decided once per trigger. */
  assessedTriggers: string[];
  lines: Record<string, PenaltyLineState>;
}

/** What the case was logged with, as ComplaintLogged recorded it. */
type Logged = Omit<ComplaintLogged['data'], 'deadlines'>;

export interface CaseState extends Logged {
  status: CaseStatus;
  personalDataErased: boolean;
  /** The first responder owns follow-up to the end (一跟到底). */
  followUpOwnerId: string;
  validity: 'unknown' | 'valid' | 'invalid';
  invalidReason?: InvalidReason;
  assignment?: { departmentId: string; assigneeId: string; assignedAt: string };
  escalationLevel: EscalationLevel;
  resolution?: { resolution: string; resolvedBy: string; resolvedAt: string };
  investigation?: InvestigationReported['data'] & { reportedAt: string };
  rectification?: { description: string; completedAt: string; completedBy: string };
  settlement?: Settlement;
  replies: { message: string; channel: Channel; repliedBy: string; nextReplyBy?: string; repliedAt: string }[];
  /** `eventId`: the visit's event id, when folded from a store (a rework names the visit it answers). */
  returnVisits: (ReturnVisitRecorded['data'] & { recordedAt: string; eventId?: string })[];
  sla: SlaClock[];
  reopenCount: number;
  /** CaseClosed events with outcome `valid` so far: VALID_* penalties apply at the first (PRODUCT.md §7). */
  validClosures: number;
  penalties: CasePenalties;
  closedAt?: string;
  outcome?: Outcome;
  /** Progress towards closing, reset where PRODUCT.md §3 and §13 say a step must be done again (a reopen, a rework). */
  progress: {
    repliedSinceInvalidation: boolean;
    repliedSinceReopen: boolean;
    rectifiedSinceReopen: boolean;
    visitedSinceRectification: boolean;
  };
  /** Revision of the last event folded in (a stream's first event has revision 0). */
  version: number;
  updatedAt: string;
}

export const initialState = undefined;

const NO_PENALTIES: CasePenalties = { assessedTriggers: [], lines: {} };

/** A state folded before penalties existed has none. */
const penaltiesOf = (s: CaseState): CasePenalties => s.penalties ?? NO_PENALTIES;

const changeLine = (s: CaseState, lineId: string, change: Partial<PenaltyLineState>): Partial<CaseState> => {
  const penalties = penaltiesOf(s);
  const line = penalties.lines[lineId];
  if (!line) throw new Error(`penalty line ${lineId} is not a line of case ${s.caseId}`);
  return { penalties: { ...penalties, lines: { ...penalties.lines, [lineId]: { ...line, ...change } } } };
};

/** Judged (PRODUCT.md §3): validated, invalidated or resolved on the spot. */
export const isJudged = (s: CaseState): boolean => s.validity !== 'unknown' || s.resolution !== undefined;

/**
 * The last return visit, when it still counts for closing (none since the last rectification,
 * resolution, reopen or rework) and is rated unsatisfied or very_unsatisfied (PRODUCT.md §13).
 */
export const dissatisfiedVisit = (s: CaseState): CaseState['returnVisits'][number] | undefined => {
  const last = s.returnVisits.at(-1);
  return s.progress.visitedSinceRectification && last && DISSATISFIED.includes(last.satisfaction) ? last : undefined;
};

/** Changes the clock entry `which` finds (the latest match): a fold of a command the decider let through. */
const changeClock = (sla: SlaClock[], which: (c: SlaClock) => boolean, change: (c: SlaClock) => SlaClock): SlaClock[] => {
  const i = sla.map(which).lastIndexOf(true);
  if (i < 0) throw new Error('no clock entry matches the event');
  return sla.map((c, j) => (j === i ? change(withSupervision(c)) : c));
};

function logged(event: Recorded<ComplaintLogged>): CaseState {
  const d = event.data;
  const sla = [startClock('resolution', d.receivedAt, d.deadlines.resolutionBy, d.firstResponderId)];
  if (d.deadlines.firstReplyBy) sla.unshift(startClock('first_reply', d.receivedAt, d.deadlines.firstReplyBy, d.firstResponderId));
  return {
    caseId: d.caseId,
    caseNumber: d.caseNumber,
    kind: d.kind,
    status: 'received',
    siteId: d.siteId,
    channel: d.channel,
    category: d.category,
    severity: d.severity,
    market: d.market,
    subject: d.subject,
    description: d.description,
    complainant: d.complainant,
    complainantKeyId: d.complainantKeyId,
    personalDataErased: false,
    receivedAt: d.receivedAt,
    firstResponderId: d.firstResponderId,
    firstResponderDepartmentId: d.firstResponderDepartmentId,
    followUpOwnerId: d.firstResponderId,
    validity: 'unknown',
    escalationLevel: 'none',
    replies: [],
    returnVisits: [],
    sla,
    reopenCount: 0,
    validClosures: 0,
    penalties: NO_PENALTIES,
    progress: {
      repliedSinceInvalidation: false,
      repliedSinceReopen: false,
      rectifiedSinceReopen: false,
      visitedSinceRectification: false,
    },
    version: 0,
    updatedAt: event.recordedAt,
  };
}

/** Folds one recorded event into the state. */
export function evolve(state: CaseState | undefined, event: Recorded<CaseEvent>): CaseState {
  if (event.type === 'ComplaintLogged') return logged(event);
  if (!state) throw new Error(`${event.type} before ComplaintLogged`);
  const next = { ...state, version: state.version + 1, updatedAt: event.recordedAt };
  return { ...next, ...change(next, event) };
}

function change(s: CaseState, event: Recorded<CaseEvent>): Partial<CaseState> {
  const at = event.recordedAt;
  switch (event.type) {
    case 'ComplaintLogged':
      throw new Error('a case is logged once');
    case 'ComplainantReplied': {
      const d = event.data;
      let sla = stopClocks(s.sla, at, (c) => ['first_reply', 'invalid_reply', 'promised_reply'].includes(c.clock));
      if (d.nextReplyBy) sla = [...sla, startClock('promised_reply', at, d.nextReplyBy, s.followUpOwnerId)];
      return {
        sla,
        replies: [...s.replies, { ...d, repliedAt: at }],
        progress: { ...s.progress, repliedSinceInvalidation: true, repliedSinceReopen: true },
      };
    }
    case 'ComplaintResolvedOnSpot':
      return {
        status: 'resolved_on_spot',
        resolution: { resolution: event.data.resolution, resolvedBy: event.data.resolvedBy, resolvedAt: at },
        sla: [...stopClocks(s.sla, at, running('first_reply')), startClock('return_visit', at, event.data.returnVisitBy, s.followUpOwnerId)],
        progress: { ...s.progress, visitedSinceRectification: false },
      };
    case 'ComplaintValidated':
      return { validity: 'valid', invalidReason: undefined };
    case 'ComplaintInvalidated':
      return {
        status: 'invalidated',
        validity: 'invalid',
        invalidReason: event.data.reason,
        sla: [...s.sla, startClock('invalid_reply', at, event.data.replyBy, s.followUpOwnerId)],
        progress: { ...s.progress, repliedSinceInvalidation: false },
      };
    case 'ResponsibilityAssigned': {
      const d = event.data;
      // A reassignment moves the running clocks to the new assignee rather than restarting them.
      const reassign = (name: ClockName, dueAt: string | undefined, sla: SlaClock[]) => {
        if (!dueAt) return sla;
        return sla.some(running(name))
          ? sla.map((c) => (running(name)(c) ? { ...c, dueAt, accountableStaffId: d.assigneeId } : c))
          : [...sla, startClock(name, at, dueAt, d.assigneeId)];
      };
      let sla = reassign('rectification', d.rectificationBy, s.sla);
      if (!s.investigation) sla = reassign('investigation', d.investigationBy, sla);
      sla = sla.map((c) => (running('resolution')(c) ? { ...c, accountableStaffId: d.assigneeId } : c));
      return {
        status: 'in_progress',
        assignment: { departmentId: d.departmentId, assigneeId: d.assigneeId, assignedAt: at },
        sla,
      };
    }
    case 'CaseEscalated':
      return { escalationLevel: event.data.level };
    case 'InvestigationReported':
      return {
        investigation: { ...event.data, reportedAt: at },
        sla: stopClocks(s.sla, at, running('investigation')),
      };
    case 'RectificationCompleted': {
      const d = event.data;
      return {
        status: 'rectified',
        rectification: { description: d.description, completedAt: d.completedAt, completedBy: d.completedBy },
        sla: [
          ...stopClocks(s.sla, at, running('rectification')),
          startClock('return_visit', d.completedAt, d.returnVisitBy, s.followUpOwnerId),
        ],
        progress: { ...s.progress, rectifiedSinceReopen: true, visitedSinceRectification: false },
      };
    }
    case 'SettlementProposed': {
      const { settlementId, type, amount, currency, description, requiredRole } = event.data;
      return { settlement: { settlementId, type, amount, currency, description, requiredRole, status: 'pending' } };
    }
    case 'SettlementApproved':
      return { settlement: { ...s.settlement!, status: 'approved', approvedBy: event.data.decidedBy } };
    case 'SettlementRejected':
      return { settlement: { ...s.settlement!, status: 'rejected' } };
    case 'SettlementAccepted':
      return { settlement: { ...s.settlement!, status: 'accepted' } };
    case 'SettlementDisputed':
      return { settlement: { ...s.settlement!, status: 'disputed' } };
    case 'ReturnVisitRecorded':
      return {
        returnVisits: [...s.returnVisits, { ...event.data, recordedAt: at, ...(event.eventId !== undefined ? { eventId: event.eventId } : {}) }],
        sla: stopClocks(s.sla, at, running('return_visit')),
        progress: { ...s.progress, visitedSinceRectification: true },
      };
    case 'CaseClosed':
      return {
        status: 'closed',
        closedAt: at,
        outcome: event.data.outcome,
        sla: stopClocks(s.sla, at, () => true),
        validClosures: (s.validClosures ?? 0) + (event.data.outcome === 'valid' ? 1 : 0),
      };
    case 'CaseReopened':
      return {
        status: 'in_progress',
        reopenCount: s.reopenCount + 1,
        closedAt: undefined,
        outcome: undefined,
        progress: { ...s.progress, repliedSinceReopen: false, rectifiedSinceReopen: false, visitedSinceRectification: false },
      };
    case 'ShirkingRecorded':
      return {};
    case 'SlaBreached': {
      const breached = s.sla.findIndex(
        (c) => c.clock === event.data.clock && Date.parse(c.dueAt) === Date.parse(event.data.dueAt) && !c.breachRecorded && c.status !== 'met',
      );
      return { sla: s.sla.map((c, i) => (i === breached ? { ...c, status: 'breached', breachRecorded: true } : c)) };
    }
    case 'PersonalDataErased':
      return { personalDataErased: true };
    case 'PenaltyAssessed': {
      const d = event.data;
      const penalties = penaltiesOf(s);
      const lines = { ...penalties.lines };
      for (const line of d.lines) {
        lines[line.lineId] = {
          rule: line.rule,
          targetType: line.targetType,
          targetId: line.targetId,
          points: line.points,
          amount: line.amount,
          policyVersion: d.policyVersion,
          amountPerPoint: d.amountPerPoint,
          waived: false,
        };
      }
      return { penalties: { assessedTriggers: [...penalties.assessedTriggers, d.trigger], lines } };
    }
    case 'PenaltyAdjusted':
      return changeLine(s, event.data.lineId, { adjustedPoints: event.data.points, adjustedAmount: event.data.amount });
    case 'PenaltyWaived':
      return changeLine(s, event.data.lineId, { waived: true });
    case 'ReworkRequested': {
      // Back to work with the assignment; without one, the rectification clock starts when assigned.
      const { rectificationBy } = event.data;
      const assignee = s.assignment?.assigneeId;
      return {
        status: 'in_progress',
        sla: rectificationBy && assignee ? [...s.sla, startClock('rectification', at, rectificationBy, assignee)] : s.sla,
        progress: { ...s.progress, rectifiedSinceReopen: false, visitedSinceRectification: false },
      };
    }
    case 'ClockPaused': {
      const d = event.data;
      return {
        sla: changeClock(s.sla, running(d.clock), (c) => ({
          ...c,
          paused: true,
          pausedAt: at,
          ...(d.resumeAt !== undefined ? { resumeAt: d.resumeAt } : {}),
          pauses: c.pauses + 1,
        })),
      };
    }
    case 'ClockResumed':
      return { sla: changeClock(s.sla, (c) => running(event.data.clock)(c) && c.paused, (c) => unpaused(c, event.data)) };
    case 'ExtensionRequested': {
      const { clock, requestId, dueAt, reason, requestedBy } = event.data;
      return { sla: changeClock(s.sla, running(clock), (c) => ({ ...c, extensionRequest: { requestId, dueAt, reason, requestedBy } })) };
    }
    case 'ExtensionApproved':
    case 'ExtensionRejected': {
      const d = event.data;
      const approved = event.type === 'ExtensionApproved' ? event.data : undefined;
      return {
        sla: changeClock(
          s.sla,
          (c) => c.clock === d.clock && c.extensionRequest?.requestId === d.requestId,
          ({ extensionRequest: _decided, ...c }) => (approved ? { ...c, dueAt: approved.dueAt, extensions: c.extensions + 1 } : c),
        ),
      };
    }
    case 'SlaAtRisk': {
      const d = event.data;
      const warned = (c: SlaClock) => running(d.clock)(c) && Date.parse(c.dueAt) === Date.parse(d.dueAt);
      return { sla: changeClock(s.sla, warned, (c) => ({ ...c, atRiskDueAt: c.dueAt })) };
    }
    case 'CaseUrged':
    case 'NoticeIssued':
      return {};
    default: {
      const unhandled: never = event;
      throw new Error(`unhandled event ${(unhandled as CaseEvent).type}`);
    }
  }
}

/** A stored event of a case stream, as the fold reads it (any store's envelope has these). */
export const toRecorded = ({ type, data, recordedAt, eventId }: { type: string; data: object; recordedAt: string; eventId?: string }) =>
  ({ type, data, recordedAt, ...(eventId !== undefined ? { eventId } : {}) }) as Recorded<CaseEvent>;

/** Folds a whole stream. */
export const fold = (events: Recorded<CaseEvent>[]): CaseState | undefined =>
  events.reduce<CaseState | undefined>(evolve, initialState);
