import Decimal from 'decimal.js';
import { atLeast, type Role } from '../roles';
import { DomainError, forbidden, preconditionNotMet, validationFailed } from '../errors';
import type { DecisionContext } from '../case/context';
import { requireAtLeast } from '../case/checks';
import { round2 } from '../case/penalties';
import { requireMonthEnded } from '../reports/decide';
import type { PenaltyNoticeEvent, PenaltyNoticeState } from './events';

/**
 * The penalty notice's decider (PRODUCT.md §14). The facts it needs from elsewhere (the month's
 * ledger, the other scope's notice, a line's charged department, whether an adjustment or a
 * waiver upheld an objection) are looked up by the handler and passed in. Refusals in API.md's
 * order: 400, 403 role, 409 the notice's state, 403 relation, 409 precondition.
 */

/** A ledger line of the month and scope, with its effective figures (after adjustment or waiver). */
export interface NoticeLine {
  lineId: string;
  points: string;
  amount: string;
}

export type IssuePenaltyNotice = {
  type: 'IssuePenaltyNotice';
  month: string;
  siteId?: string;
  lines: NoticeLine[];
  /** For a site's notice, whether the all-sites notice of the month is issued; for the all-sites one, whether any site's is. */
  overlappingNoticeIssued: boolean;
};
/** `chargedDepartmentId`: the line's department, or its staff member's department when the line was recorded. */
export type ObjectToPenalty = { type: 'ObjectToPenalty'; lineId: string; reason: string; chargedDepartmentId: string };
/** `upheld`: the line was adjusted or waived since the objection, which decided it already. */
export type RejectPenaltyObjection = { type: 'RejectPenaltyObjection'; lineId: string; comment?: string; upheld: boolean };
/** `upheldObjections`: the objected lines adjusted or waived since their objection. */
export type ApprovePenaltyNotice = { type: 'ApprovePenaltyNotice'; upheldObjections: readonly string[] };

export type PenaltyNoticeCommand = IssuePenaltyNotice | ObjectToPenalty | RejectPenaltyObjection | ApprovePenaltyNotice;

const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;

export function decidePenaltyNotice(command: PenaltyNoticeCommand, state: PenaltyNoticeState, ctx: DecisionContext): PenaltyNoticeEvent[] {
  switch (command.type) {
    case 'IssuePenaltyNotice':
      return issue(command, state, ctx);
    case 'ObjectToPenalty':
      return object(command, state, ctx);
    case 'RejectPenaltyObjection':
      return rejectObjection(command, state, ctx);
    case 'ApprovePenaltyNotice':
      return approve(command, state, ctx);
    default: {
      const unhandled: never = command;
      throw new Error(`unhandled command ${(unhandled as PenaltyNoticeCommand).type}`);
    }
  }
}

function requireStatus(state: PenaltyNoticeState, status: PenaltyNoticeState['status'], command: string) {
  if (state.status !== status) throw new DomainError('INVALID_STATE_TRANSITION', `${command} is not allowed while the notice is ${state.status}`);
}

/** The approver: the policy's `noticeApprover` role or above. */
function requireApprover(ctx: DecisionContext, command: string) {
  const approver = ctx.policies.penalty.policy.noticeApprover;
  if (!atLeast(ctx.actor.role as Role, approver)) throw forbidden(`${command} needs the notice approver, ${approver} or above`);
}

const isPast = (deadline: string, now: string) => Date.parse(now) > Date.parse(deadline);

function issue(c: IssuePenaltyNotice, s: PenaltyNoticeState, ctx: DecisionContext): PenaltyNoticeEvent[] {
  if (!MONTH.test(c.month)) throw validationFailed('month', 'must be a month YYYY-MM');
  requireAtLeast(ctx, 'manager', 'IssuePenaltyNotice');
  requireStatus(s, 'none', 'IssuePenaltyNotice');
  requireMonthEnded(c.month, ctx.now, ctx.calendar.timeZone);
  if (c.overlappingNoticeIssued) {
    const other = c.siteId === undefined ? 'a site’s notice' : 'the all-sites notice';
    throw preconditionNotMet(`${other} of ${c.month} is issued already`, ['no overlapping notice']);
  }
  const sum = (field: 'points' | 'amount') => round2(c.lines.reduce((total, line) => total.plus(line[field]), new Decimal(0)));
  return [
    {
      type: 'PenaltyNoticeIssued',
      data: {
        month: c.month,
        ...(c.siteId !== undefined ? { siteId: c.siteId } : {}),
        lineIds: c.lines.map((line) => line.lineId),
        totals: { points: sum('points'), amount: sum('amount') },
        objectionDeadline: ctx.calendar.addWorkingDays(ctx.now, ctx.policies.penalty.policy.objectionWorkingDays),
        issuedBy: ctx.actor.id,
      },
    },
  ];
}

/** 签呈: a supervisor and above of the charged department objects to a line, within the window. */
function object(c: ObjectToPenalty, s: PenaltyNoticeState, ctx: DecisionContext): PenaltyNoticeEvent[] {
  requireAtLeast(ctx, 'supervisor', 'ObjectToPenalty');
  requireStatus(s, 'issued', 'ObjectToPenalty');
  if (ctx.actor.departmentId !== c.chargedDepartmentId) throw forbidden(`only the charged department ${c.chargedDepartmentId} may object to line ${c.lineId}`);
  if (!s.lineIds.includes(c.lineId)) throw preconditionNotMet(`line ${c.lineId} is not on the notice`, ['a line of the notice']);
  if (isPast(s.objectionDeadline!, ctx.now)) throw preconditionNotMet(`objections closed at ${s.objectionDeadline}`, ['within the objection window']);
  if (s.objections[c.lineId]) throw preconditionNotMet(`line ${c.lineId} has an objection already`, ['no objection yet']);
  return [{ type: 'PenaltyObjected', data: { lineId: c.lineId, reason: c.reason, objectedBy: ctx.actor.id, departmentId: c.chargedDepartmentId } }];
}

function rejectObjection(c: RejectPenaltyObjection, s: PenaltyNoticeState, ctx: DecisionContext): PenaltyNoticeEvent[] {
  requireApprover(ctx, 'RejectPenaltyObjection');
  requireStatus(s, 'issued', 'RejectPenaltyObjection');
  if (s.objections[c.lineId] !== 'pending' || c.upheld) {
    throw preconditionNotMet(`line ${c.lineId} has no objection awaiting a decision`, ['a pending objection']);
  }
  return [
    {
      type: 'PenaltyObjectionRejected',
      data: { lineId: c.lineId, ...(c.comment !== undefined ? { comment: c.comment } : {}), decidedBy: ctx.actor.id },
    },
  ];
}

/** After approval the notice's lines are final: the handlers of adjustments and waivers are told so. */
function approve(c: ApprovePenaltyNotice, s: PenaltyNoticeState, ctx: DecisionContext): PenaltyNoticeEvent[] {
  requireApprover(ctx, 'ApprovePenaltyNotice');
  requireStatus(s, 'issued', 'ApprovePenaltyNotice');
  if (!isPast(s.objectionDeadline!, ctx.now)) throw preconditionNotMet(`objections are taken until ${s.objectionDeadline}`, ['objection window closed']);
  const undecided = Object.entries(s.objections)
    .filter(([lineId, status]) => status === 'pending' && !c.upheldObjections.includes(lineId))
    .map(([lineId]) => lineId);
  if (undecided.length > 0) throw preconditionNotMet(`objections undecided: ${undecided.join(', ')}`, undecided.map((lineId) => `decision on ${lineId}`));
  return [{ type: 'PenaltyNoticeApproved', data: { month: s.month!, ...(s.siteId !== undefined ? { siteId: s.siteId } : {}), approvedBy: ctx.actor.id } }];
}
