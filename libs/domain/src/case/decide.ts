import Decimal from 'decimal.js';
import { atLeast, isRanked, isStaffRole, type Role } from '../roles';
import { DomainError, forbidden, invalidTransition, preconditionNotMet, validationFailed } from '../errors';
import {
  firstReplyBy,
  investigationBy,
  invalidReplyBy,
  isAbove,
  mayApprove,
  nextLevel,
  rectificationBy,
  requiredRole,
  resolutionBy,
  returnVisitBy,
} from '../policies';
import type * as C from './commands';
import type { CaseEvent, ResponsibilityLine } from './events';
import { dissatisfiedVisit, type CaseState } from './state';
import { awaitsBreachRecord, running } from './clocks';
import type { DecisionContext } from './context';
import { closeOutcome } from './close-preconditions';
import { assessPenalties as pricePenalties, localMonth, round2 } from './penalties';
import { iso, requireAtLeast, requireOpen, requireStaff, requireStatus, requireSystem, worksOnAssignment } from './checks';
import {
  decideExtension,
  issueNotice,
  markSlaAtRisk,
  pauseClock,
  requestExtension,
  requestRework,
  resumeClock,
  urgeCase,
} from './decide-supervision';

/**
 * The case decider: `decide(command, state, ctx)` returns the events to append or throws a
 * DomainError. Checks run in the API's precedence (API.md "Errors"): bad input (400), the
 * command's minimum role (403), the state machine (409), the caller's relation to the case or
 * approval authority (403), then preconditions (409). The supervision line's commands (PRODUCT.md
 * §13) are decided in decide-supervision.ts.
 */
export function decide(command: C.CaseCommand, state: CaseState | undefined, ctx: DecisionContext): CaseEvent[] {
  if (command.type === 'LogComplaint') return logComplaint(command, state, ctx);
  if (!state) throw new DomainError('NOT_FOUND', 'case not found');
  switch (command.type) {
    case 'RecordReply':
      return recordReply(command, state, ctx);
    case 'ResolveOnTheSpot':
      return resolveOnTheSpot(command, state, ctx);
    case 'ValidateComplaint':
      return validateComplaint(command, state, ctx);
    case 'AssignResponsibility':
      return assignResponsibility(command, state, ctx);
    case 'EscalateCase':
      return escalateCase(command, state, ctx);
    case 'ReportInvestigation':
      return reportInvestigation(command, state, ctx);
    case 'CompleteRectification':
      return completeRectification(command, state, ctx);
    case 'ProposeSettlement':
      return proposeSettlement(command, state, ctx);
    case 'DecideSettlement':
      return decideSettlement(command, state, ctx);
    case 'RecordCustomerResponse':
      return recordCustomerResponse(command, state, ctx);
    case 'RecordReturnVisit':
      return recordReturnVisit(command, state, ctx);
    case 'CloseCase':
      return closeCase(command, state, ctx);
    case 'ReopenCase':
      return reopenCase(command, state, ctx);
    case 'RecordShirking':
      return recordShirking(command, state, ctx);
    case 'MarkSlaBreached':
      return markSlaBreached(command, state, ctx);
    case 'EscalateAfterBreach':
      return escalateAfterBreach(command, state, ctx);
    case 'ErasePersonalData':
      return erasePersonalData(command, state, ctx);
    case 'AssessPenalties':
      return assessPenalties(command, state, ctx);
    case 'AdjustPenalty':
      return adjustPenalty(command, state, ctx);
    case 'WaivePenalty':
      return waivePenalty(command, state, ctx);
    case 'RequestRework':
      return requestRework(command, state, ctx);
    case 'PauseClock':
      return pauseClock(command, state, ctx);
    case 'ResumeClock':
      return resumeClock(command, state, ctx);
    case 'RequestExtension':
      return requestExtension(command, state, ctx);
    case 'DecideExtension':
      return decideExtension(command, state, ctx);
    case 'MarkSlaAtRisk':
      return markSlaAtRisk(command, state, ctx);
    case 'UrgeCase':
      return urgeCase(command, state, ctx);
    case 'IssueNotice':
      return issueNotice(command, state, ctx);
    default: {
      const unhandled: never = command;
      throw new Error(`unhandled command ${(unhandled as C.CaseCommand).type}`);
    }
  }
}

// --- commands ---------------------------------------------------------------------------

const MAX_FUTURE_MS = 5 * 60 * 1000;
const MAX_PAST_MS = 7 * 24 * 60 * 60 * 1000;

/** The refusals of LogComplaint, checkable before a case number is allocated. */
export function checkLogComplaint(command: { receivedAt: string; firstResponderId: string }, ctx: DecisionContext) {
  const received = Date.parse(command.receivedAt);
  const now = Date.parse(ctx.now);
  if (received > now + MAX_FUTURE_MS) throw validationFailed('receivedAt', 'must not be more than 5 minutes in the future');
  if (received < now - MAX_PAST_MS) throw validationFailed('receivedAt', 'must not be more than 7 days in the past');
  requireStaff(ctx, 'log a complaint');
  if (command.firstResponderId !== ctx.actor.id) requireAtLeast(ctx, 'supervisor', 'logging on behalf of another staff member');
}

function logComplaint(c: C.LogComplaint, state: CaseState | undefined, ctx: DecisionContext): CaseEvent[] {
  checkLogComplaint({ receivedAt: c.receivedAt, firstResponderId: c.firstResponder.id }, ctx);
  if (state) throw new DomainError('DUPLICATE_ID', `case ${c.caseId} already exists`);
  const receivedAt = iso(c.receivedAt);
  const sla = ctx.policies.sla.policy;
  const events: CaseEvent[] = [
    {
      type: 'ComplaintLogged',
      data: {
        caseId: c.caseId,
        caseNumber: c.caseNumber,
        kind: c.kind,
        siteId: c.siteId,
        channel: c.channel,
        category: c.category,
        severity: c.severity,
        market: c.market,
        subject: c.subject,
        description: c.description,
        complainant: c.complainant,
        complainantKeyId: c.complainantKeyId,
        receivedAt,
        firstResponderId: c.firstResponder.id,
        firstResponderDepartmentId: c.firstResponder.departmentId,
        deadlines: { firstReplyBy: firstReplyBy(receivedAt, sla), resolutionBy: resolutionBy(receivedAt, c.market, sla) },
      },
    },
  ];
  // 重大投诉马上报告: a major case reaches a manager the moment it is logged.
  if (c.severity === 'major') {
    events.push({ type: 'CaseEscalated', data: { level: 'manager', reason: 'major_complaint', escalatedBy: 'system' } });
  }
  return events;
}

function recordReply(c: C.RecordReply, s: CaseState, ctx: DecisionContext): CaseEvent[] {
  if (c.nextReplyBy !== undefined && Date.parse(c.nextReplyBy) <= Date.parse(ctx.now)) {
    throw validationFailed('nextReplyBy', 'must be in the future');
  }
  requireStaff(ctx, 'record a reply');
  requireOpen(s, 'RecordReply');
  const data = { message: c.message, channel: c.channel, repliedBy: ctx.actor.id };
  return [{ type: 'ComplainantReplied', data: c.nextReplyBy ? { ...data, nextReplyBy: iso(c.nextReplyBy) } : data }];
}

function resolveOnTheSpot(c: C.ResolveOnTheSpot, s: CaseState, ctx: DecisionContext): CaseEvent[] {
  requireStaff(ctx, 'resolve a case on the spot');
  requireStatus(s, ['received'], 'ResolveOnTheSpot');
  if (s.assignment) throw invalidTransition('ResolveOnTheSpot', 'assigned');
  if (ctx.actor.id !== s.firstResponderId && !atLeast(ctx.actor.role as Role, 'supervisor')) {
    throw forbidden('only the first responder or a supervisor may resolve a case on the spot');
  }
  const returnVisit = returnVisitBy({ from: ctx.now, kind: s.kind, severity: s.severity }, ctx.policies.sla.policy, ctx.calendar);
  return [{ type: 'ComplaintResolvedOnSpot', data: { resolution: c.resolution, resolvedBy: ctx.actor.id, returnVisitBy: returnVisit } }];
}

function validateComplaint(c: C.ValidateComplaint, s: CaseState, ctx: DecisionContext): CaseEvent[] {
  if (!c.valid && !c.reason) throw validationFailed('reason', 'is required when the complaint is invalid');
  requireAtLeast(ctx, 'supervisor', 'ValidateComplaint');
  requireStatus(s, ['received', 'in_progress', 'rectified'], 'ValidateComplaint');
  if (s.validity !== 'unknown') throw invalidTransition('ValidateComplaint', `already judged ${s.validity}`);
  if (s.kind !== 'complaint') throw preconditionNotMet(`a ${s.kind} is not validated`, ['kind complaint']);
  const note = c.note !== undefined ? { note: c.note } : {};
  if (c.valid) return [{ type: 'ComplaintValidated', data: { validatedBy: ctx.actor.id, ...note } }];
  return [
    {
      type: 'ComplaintInvalidated',
      data: {
        reason: c.reason!,
        ...note,
        invalidatedBy: ctx.actor.id,
        replyBy: invalidReplyBy(ctx.now, ctx.policies.sla.policy),
      },
    },
  ];
}

function assignResponsibility(c: C.AssignResponsibility, s: CaseState, ctx: DecisionContext): CaseEvent[] {
  if (c.assignee.departmentId !== c.departmentId) {
    throw validationFailed('assigneeId', `is not staff of department ${c.departmentId}`);
  }
  requireAtLeast(ctx, 'supervisor', 'AssignResponsibility');
  requireStatus(s, ['received', 'in_progress'], 'AssignResponsibility');
  if (s.validity === 'invalid') throw preconditionNotMet('an invalid complaint is not assigned', ['valid complaint']);
  const sla = ctx.policies.sla.policy;
  const investigation = s.severity === 'major' ? { investigationBy: investigationBy(ctx.now, sla) } : {};
  // A reassignment keeps a running rectification clock's due time, as a rework, pauses and extensions set it.
  const rectification = s.sla.find(running('rectification'));
  return [
    {
      type: 'ResponsibilityAssigned',
      data: {
        departmentId: c.departmentId,
        assigneeId: c.assignee.id,
        assignedBy: ctx.actor.id,
        ...(c.note !== undefined ? { note: c.note } : {}),
        ...investigation,
        rectificationBy:
          rectification?.dueAt ?? rectificationBy({ receivedAt: s.receivedAt, kind: s.kind, severity: s.severity }, sla, ctx.calendar),
        ...(s.assignment
          ? { previous: { departmentId: s.assignment.departmentId, assigneeId: s.assignment.assigneeId } }
          : {}),
      },
    },
  ];
}

function escalateCase(c: C.EscalateCase, s: CaseState, ctx: DecisionContext): CaseEvent[] {
  requireStaff(ctx, 'escalate a case');
  requireOpen(s, 'EscalateCase');
  if (!isAbove(c.level, s.escalationLevel)) {
    throw preconditionNotMet(`the case is already escalated to ${s.escalationLevel}`, [`a level above ${s.escalationLevel}`]);
  }
  return [{ type: 'CaseEscalated', data: { level: c.level, reason: 'manual', note: c.reason, escalatedBy: ctx.actor.id } }];
}

/** A share as API.md "Conventions" allows it: a decimal with at most 4 places. */
const SHARE = /^\d+(\.\d{1,4})?$/;

/** Shares in (0, 1] summing to exactly 1, in decimal arithmetic; none only for causes outside the company. */
function checkResponsibility(c: C.ReportInvestigation) {
  const lines: ResponsibilityLine[] = c.responsibility;
  if (lines.length === 0) {
    if (c.causeType === 'external' || c.causeType === 'supplier') return;
    throw validationFailed('responsibility', `must name at least one department for a ${c.causeType} cause`);
  }
  lines.forEach((line, i) => {
    if (!SHARE.test(String(line.share))) throw validationFailed(`responsibility.${i}.share`, 'must be a decimal with at most 4 places');
    const share = new Decimal(line.share);
    if (share.lte(0) || share.gt(1)) throw validationFailed(`responsibility.${i}.share`, 'must be in (0, 1]');
  });
  const total = lines.reduce((sum, line) => sum.plus(line.share), new Decimal(0));
  if (!total.eq(1)) throw validationFailed('responsibility', `shares must sum to exactly 1 (got ${total.toString()})`);
}

function reportInvestigation(c: C.ReportInvestigation, s: CaseState, ctx: DecisionContext): CaseEvent[] {
  checkResponsibility(c);
  const role = ctx.actor.role as Role;
  if (!isStaffRole(role)) throw forbidden(`${role} may not report an investigation`);
  requireStatus(s, ['in_progress'], 'ReportInvestigation');
  if (role !== 'quality' && !worksOnAssignment(s, ctx)) {
    throw forbidden('only quality or the assigned department may report the investigation');
  }
  return [
    {
      type: 'InvestigationReported',
      data: {
        rootCause: c.rootCause,
        causeType: c.causeType,
        responsibility: c.responsibility.map((l) => ({ ...l, share: new Decimal(l.share).toString() })),
        countermeasures: c.countermeasures,
        reportedBy: ctx.actor.id,
      },
    },
  ];
}

function completeRectification(c: C.CompleteRectification, s: CaseState, ctx: DecisionContext): CaseEvent[] {
  const completedAt = iso(c.completedAt ?? ctx.now);
  if (Date.parse(completedAt) > Date.parse(ctx.now) + MAX_FUTURE_MS) throw validationFailed('completedAt', 'must not be in the future');
  if (completedAt < s.receivedAt) throw validationFailed('completedAt', 'must not be before the case was received');
  requireStaff(ctx, 'complete a rectification');
  requireStatus(s, ['in_progress'], 'CompleteRectification');
  if (!worksOnAssignment(s, ctx)) throw forbidden('only the assigned department may complete the rectification');
  const returnVisit = returnVisitBy({ from: completedAt, kind: s.kind, severity: s.severity }, ctx.policies.sla.policy, ctx.calendar);
  return [
    {
      type: 'RectificationCompleted',
      data: { description: c.description, completedAt, completedBy: ctx.actor.id, returnVisitBy: returnVisit },
    },
  ];
}

/** A decimal string >= 0 with at most 2 places (PRODUCT.md §6; API.md "Case commands"). */
const AMOUNT = /^\d+(\.\d{1,2})?$/;

function proposeSettlement(c: C.ProposeSettlement, s: CaseState, ctx: DecisionContext): CaseEvent[] {
  if (!AMOUNT.test(c.amount)) throw validationFailed('amount', 'must be a decimal string >= 0 with at most 2 places');
  requireAtLeast(ctx, 'supervisor', 'ProposeSettlement');
  requireStatus(s, ['in_progress', 'rectified'], 'ProposeSettlement');
  const latest = s.settlement?.status;
  if (latest && latest !== 'rejected' && latest !== 'disputed') {
    throw preconditionNotMet(`the latest settlement is ${latest}`, ['a rejected or disputed latest settlement']);
  }
  const amount = new Decimal(c.amount).toFixed(2);
  const required = requiredRole(amount, ctx.policies.approval.policy);
  const proposed: CaseEvent = {
    type: 'SettlementProposed',
    data: {
      settlementId: c.settlementId,
      type: c.settlementType,
      amount,
      currency: c.currency,
      description: c.description,
      requiredRole: required,
    },
  };
  if (required !== 'none') return [proposed];
  // Nothing to pay, nothing to approve: approved as it is proposed.
  return [
    proposed,
    { type: 'SettlementApproved', data: { settlementId: c.settlementId, decidedBy: 'system', decidedByRole: 'system' } },
  ];
}

function decideSettlement(c: C.DecideSettlement, s: CaseState, ctx: DecisionContext): CaseEvent[] {
  const role = ctx.actor.role as Role;
  if (!isRanked(role)) throw forbidden(`${role} may not decide a settlement`);
  requireOpen(s, 'DecideSettlement');
  const settlement = s.settlement;
  if (settlement?.status !== 'pending') throw invalidTransition('DecideSettlement', 'without a pending settlement');
  if (settlement.requiredRole !== 'none' && !mayApprove(role, settlement.requiredRole)) {
    throw new DomainError(
      'APPROVAL_AUTHORITY_EXCEEDED',
      `a settlement of ${settlement.amount} ${settlement.currency} needs ${settlement.requiredRole} or above`,
    );
  }
  const data = {
    settlementId: settlement.settlementId,
    decidedBy: ctx.actor.id,
    decidedByRole: role,
    ...(c.comment !== undefined ? { comment: c.comment } : {}),
  };
  return [{ type: c.decision === 'approve' ? 'SettlementApproved' : 'SettlementRejected', data }];
}

function recordCustomerResponse(c: C.RecordCustomerResponse, s: CaseState, ctx: DecisionContext): CaseEvent[] {
  requireStaff(ctx, 'record the customer response');
  requireOpen(s, 'RecordCustomerResponse');
  if (s.settlement?.status !== 'approved') throw invalidTransition('RecordCustomerResponse', 'without an approved settlement');
  const data = {
    settlementId: s.settlement.settlementId,
    ...(c.comment !== undefined ? { comment: c.comment } : {}),
    recordedBy: ctx.actor.id,
  };
  return [{ type: c.accepted ? 'SettlementAccepted' : 'SettlementDisputed', data }];
}

/** The service line checks the handling department's work (PRODUCT.md §13): never a handler, quality, nor the assignee. */
function recordReturnVisit(c: C.RecordReturnVisit, s: CaseState, ctx: DecisionContext): CaseEvent[] {
  if (!isRanked(ctx.actor.role as Role)) throw forbidden(`return visits are the service line's, not a ${ctx.actor.role}'s`);
  requireStatus(s, ['rectified', 'resolved_on_spot'], 'RecordReturnVisit');
  if (ctx.actor.id === s.assignment?.assigneeId) throw forbidden('the case’s assignee may not record its return visit');
  return [
    {
      type: 'ReturnVisitRecorded',
      data: {
        method: c.method,
        satisfaction: c.satisfaction,
        ...(c.comment !== undefined ? { comment: c.comment } : {}),
        customerConfirmed: c.customerConfirmed ?? false,
        visitedBy: ctx.actor.id,
      },
    },
  ];
}

function closeCase(c: C.CloseCase, s: CaseState, ctx: DecisionContext): CaseEvent[] {
  const accepted = c.dissatisfactionAccepted;
  if (accepted && !dissatisfiedVisit(s)) {
    throw validationFailed('dissatisfactionAccepted', 'only when the last return visit is unsatisfied or very_unsatisfied');
  }
  requireAtLeast(ctx, 'supervisor', 'CloseCase');
  requireOpen(s, 'CloseCase');
  if (accepted) requireAtLeast(ctx, 'manager', 'closing with dissatisfactionAccepted');
  const { outcome, missing } = closeOutcome(s, !!accepted);
  if (missing.length > 0) throw preconditionNotMet(`the case cannot be closed yet: missing ${missing.join(', ')}`, missing);
  const data = { summary: c.summary, closedBy: ctx.actor.id, outcome };
  return [{ type: 'CaseClosed', data: accepted ? { ...data, dissatisfactionAccepted: { reason: accepted.reason } } : data }];
}

function reopenCase(c: C.ReopenCase, s: CaseState, ctx: DecisionContext): CaseEvent[] {
  requireAtLeast(ctx, 'supervisor', 'ReopenCase');
  requireStatus(s, ['closed'], 'ReopenCase');
  const previous = s.assignment ? { previousAssigneeId: s.assignment.assigneeId } : {};
  return [{ type: 'CaseReopened', data: { reason: c.reason, reopenedBy: ctx.actor.id, ...previous } }];
}

function recordShirking(c: C.RecordShirking, _s: CaseState, ctx: DecisionContext): CaseEvent[] {
  requireAtLeast(ctx, 'supervisor', 'RecordShirking');
  return [{ type: 'ShirkingRecorded', data: { staffId: c.staff.id, description: c.description, recordedBy: ctx.actor.id } }];
}

function markSlaBreached(c: C.MarkSlaBreached, s: CaseState, ctx: DecisionContext): CaseEvent[] {
  requireSystem(ctx, 'marks SLA breaches');
  // The one past due without a recorded breach: running, or stopped late. A clock restarted with
  // the same due time (a second reply promising the same time, a reassignment after a reopen)
  // may sit beside a predecessor that was met.
  const clock = s.sla.find(
    (k) => k.clock === c.clock && Date.parse(k.dueAt) === Date.parse(c.dueAt) && awaitsBreachRecord(k, ctx.now),
  );
  if (!clock) throw preconditionNotMet(`the ${c.clock} clock due ${c.dueAt} has no breach to record`);
  return [{ type: 'SlaBreached', data: { clock: c.clock, dueAt: clock.dueAt, accountableStaffId: clock.accountableStaffId } }];
}

/**
 * Each breach escalates one level above the case's current level, never above gm (PRODUCT.md
 * §5): at gm the decision is that nothing happens. Like a manual escalation, not on a closed
 * case (a replayed breach of a case closed since is refused, and its process manager moves on).
 */
function escalateAfterBreach(c: C.EscalateAfterBreach, s: CaseState, ctx: DecisionContext): CaseEvent[] {
  requireSystem(ctx, 'escalates after an SLA breach');
  requireOpen(s, 'EscalateAfterBreach');
  if (!s.sla.some((k) => k.clock === c.clock && k.status === 'breached')) {
    throw preconditionNotMet(`no ${c.clock} clock of the case is breached`, [`a breached ${c.clock} clock`]);
  }
  const level = nextLevel(s.escalationLevel);
  if (level === undefined || level === 'none') return [];
  return [{ type: 'CaseEscalated', data: { level, reason: `sla_breach:${c.clock}`, escalatedBy: 'system' } }];
}

function erasePersonalData(c: C.ErasePersonalData, s: CaseState, ctx: DecisionContext): CaseEvent[] {
  if (ctx.actor.role !== 'auditor' && ctx.actor.role !== 'gm') throw forbidden('only an auditor or the general manager may erase personal data');
  if (s.personalDataErased) throw preconditionNotMet('personal data is already erased');
  return [{ type: 'PersonalDataErased', data: { complainantKeyId: s.complainantKeyId, reason: c.reason, erasedBy: ctx.actor.id } }];
}

// --- penalties (PRODUCT.md §7) ------------------------------------------------------------

/**
 * Prices the trigger with the penalty policy of the context (the one in force when the trigger
 * was recorded). Once per trigger: an assessment decided again, after a crash or a replay,
 * appends nothing; so does a trigger that costs no line.
 */
function assessPenalties(c: C.AssessPenalties, s: CaseState, ctx: DecisionContext): CaseEvent[] {
  requireSystem(ctx, 'assesses penalties');
  if (c.atTrigger.caseId !== s.caseId) throw new Error(`the trigger ${c.trigger.eventId} is not an event of case ${s.caseId}`);
  if ((s.penalties?.assessedTriggers ?? []).includes(c.trigger.eventId)) return [];
  const penalty = ctx.policies.penalty;
  const lines = pricePenalties({ trigger: c.trigger, state: c.atTrigger, staffDepartments: c.staffDepartments }, penalty);
  if (lines.length === 0) return [];
  return [
    {
      type: 'PenaltyAssessed',
      data: {
        assessmentId: c.assessmentId,
        lines: lines.map((line, i) => ({ lineId: `${c.assessmentId}.${i + 1}`, ...line })),
        policyVersion: penalty.version,
        amountPerPoint: penalty.policy.amountPerPoint,
        trigger: c.trigger.eventId,
        // Recorded at ctx.now: the month it counts in, in the calendar's (the configured) zone.
        month: localMonth(ctx.now, ctx.calendar.timeZone),
      },
    },
  ];
}

/** Adjusted points: a deduction (zero or negative), 2 places at most, within the ledger's numeric(12,2). */
const PENALTY_POINTS = /^-?\d{1,9}(\.\d{1,2})?$/;

function penaltyLine(s: CaseState, lineId: string) {
  const line = s.penalties?.lines[lineId];
  if (!line) throw new DomainError('NOT_FOUND', `penalty line ${lineId} not found`);
  return line;
}

function requireReason(reason: string) {
  if (typeof reason !== 'string' || reason.length === 0) throw validationFailed('reason', 'is required');
}

/** After its month's penalty notice is approved, a line is final (PRODUCT.md §14). */
function requireNoticeOpen(c: C.AdjustPenalty | C.WaivePenalty) {
  if (c.noticeApproved) throw preconditionNotMet(`penalty line ${c.lineId} is on an approved penalty notice`, ['notice_not_approved']);
}

function adjustPenalty(c: C.AdjustPenalty, s: CaseState, ctx: DecisionContext): CaseEvent[] {
  const line = penaltyLine(s, c.lineId);
  if (!PENALTY_POINTS.test(c.points)) throw validationFailed('points', 'must be a decimal string with at most 2 places');
  if (new Decimal(c.points).gt(0)) throw validationFailed('points', 'must be zero or negative (a deduction)');
  requireReason(c.reason);
  requireAtLeast(ctx, 'manager', 'AdjustPenalty');
  if (line.waived) throw new DomainError('INVALID_STATE_TRANSITION', `penalty line ${c.lineId} is waived`);
  requireNoticeOpen(c);
  const points = round2(c.points);
  return [
    {
      type: 'PenaltyAdjusted',
      data: {
        lineId: c.lineId,
        points,
        amount: round2(new Decimal(points).times(line.amountPerPoint)),
        reason: c.reason,
        adjustedBy: ctx.actor.id,
      },
    },
  ];
}

function waivePenalty(c: C.WaivePenalty, s: CaseState, ctx: DecisionContext): CaseEvent[] {
  const line = penaltyLine(s, c.lineId);
  requireReason(c.reason);
  requireAtLeast(ctx, 'manager', 'WaivePenalty');
  if (line.waived) throw new DomainError('INVALID_STATE_TRANSITION', `penalty line ${c.lineId} is already waived`);
  requireNoticeOpen(c);
  return [{ type: 'PenaltyWaived', data: { lineId: c.lineId, reason: c.reason, waivedBy: ctx.actor.id } }];
}
