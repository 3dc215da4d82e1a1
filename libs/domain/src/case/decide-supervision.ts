import { atLeast, type Role } from '../roles';
import { DomainError, forbidden, invalidTransition, preconditionNotMet, validationFailed } from '../errors';
import { reworkRectificationBy } from '../policies';
import type * as C from './commands';
import type { CaseEvent } from './events';
import { dissatisfiedVisit, type CaseState } from './state';
import { atRiskAt, currentClock, isLive, isWarned, pauseEnd, resumed, type SlaClock } from './clocks';
import { ADJUSTABLE_CLOCKS, CLOCKS, type ClockName } from './vocabulary';
import type { DecisionContext } from './context';
import { iso, requireAtLeast, requireClockName, requireOpen, requireStaff, requireStatus, requireSystem } from './checks';

/**
 * The supervision line's commands (PRODUCT.md §13): rework, pause and resume, extension,
 * warning, urging and notice. Checks run in API.md's precedence, as in decide.ts; a clock named
 * in the path that does not exist is NOT_FOUND first.
 */

const DAY_MS = 24 * 60 * 60 * 1000;
const ms = (instant: string) => Date.parse(instant);
const sameInstant = (a: string, b: string) => ms(a) === ms(b);

/** Sends a complaint back to work after a dissatisfied return visit (复核). */
export function requestRework(c: C.RequestRework, s: CaseState, ctx: DecisionContext): CaseEvent[] {
  requireAtLeast(ctx, 'supervisor', 'RequestRework');
  requireStatus(s, ['rectified', 'resolved_on_spot'], 'RequestRework');
  // The rework limits are by severity of a complaint: other kinds close despite a dissatisfied visit.
  if (s.kind !== 'complaint') throw preconditionNotMet(`a ${s.kind} is not sent to rework`, ['kind complaint']);
  const visit = dissatisfiedVisit(s);
  if (!visit) throw preconditionNotMet('the last return visit is not unsatisfied or very_unsatisfied', ['dissatisfied_return_visit']);
  if (visit.eventId === undefined) throw new Error(`case ${s.caseId} was folded without event ids: a rework names its visit`);
  // Unassigned (resolved on the spot), the rectification clock starts at the assignment.
  const clock = s.assignment
    ? { rectificationBy: reworkRectificationBy({ requestedAt: ctx.now, severity: s.severity }, ctx.policies.sla.policy, ctx.calendar) }
    : {};
  return [{ type: 'ReworkRequested', data: { reason: c.reason, requestedBy: ctx.actor.id, ...clock, visitId: visit.eventId } }];
}

/**
 * The clock a pause or an extension request acts on: one of the adjustable clocks, running,
 * in time and not paused (PRODUCT.md §13).
 */
function adjustableClock(s: CaseState, name: ClockName, now: string): SlaClock {
  if (!(ADJUSTABLE_CLOCKS as readonly ClockName[]).includes(name)) {
    throw preconditionNotMet(`the ${name} clock is neither paused nor extended`, [`one of ${ADJUSTABLE_CLOCKS.join(', ')}`]);
  }
  const clock = currentClock(s.sla, name);
  if (!clock || !isLive(clock, now)) throw preconditionNotMet(`the ${name} clock is not running`, [`a running ${name} clock`]);
  if (clock.paused) throw preconditionNotMet(`the ${name} clock is paused`, [`an unpaused ${name} clock`]);
  return clock;
}

/** 挂起: the clock waits on something outside the centre's control, at most maxPauseDays in all. */
export function pauseClock(c: C.PauseClock, s: CaseState, ctx: DecisionContext): CaseEvent[] {
  requireClockName(c.clock);
  if (c.resumeAt !== undefined && ms(c.resumeAt) <= ms(ctx.now)) throw validationFailed('resumeAt', 'must be in the future');
  requireAtLeast(ctx, 'supervisor', 'PauseClock');
  requireOpen(s, 'PauseClock');
  const clock = adjustableClock(s, c.clock, ctx.now);
  const allowanceMs = ctx.policies.sla.policy.maxPauseDays * DAY_MS - clock.pausedMs;
  if (allowanceMs <= 0) throw preconditionNotMet(`the ${c.clock} clock has used up its pause allowance`, ['pause allowance left']);
  // Decided once, with the policy in force now: the clock resumes by itself then at the latest.
  const allowanceEnd = new Date(ms(ctx.now) + allowanceMs).toISOString();
  const resumeAt = c.resumeAt !== undefined && ms(c.resumeAt) < ms(allowanceEnd) ? iso(c.resumeAt) : allowanceEnd;
  return [
    {
      type: 'ClockPaused',
      data: { clock: c.clock, reason: c.reason, ...(c.note !== undefined ? { note: c.note } : {}), resumeAt, pausedBy: ctx.actor.id },
    },
  ];
}

/**
 * Any staff member resumes a paused clock; the system does at its resumeAt. Either way the
 * pause is measured to resumeAt at the latest, not to when someone got to it.
 */
export function resumeClock(c: C.ResumeClock, s: CaseState, ctx: DecisionContext): CaseEvent[] {
  requireClockName(c.clock);
  const bySystem = ctx.actor.role === 'system';
  if (!bySystem) requireStaff(ctx, 'resume a clock');
  requireOpen(s, 'ResumeClock');
  const clock = currentClock(s.sla, c.clock);
  if (!clock?.paused) throw preconditionNotMet(`the ${c.clock} clock is not paused`, [`a paused ${c.clock} clock`]);
  if (bySystem && (clock.resumeAt === undefined || ms(ctx.now) < ms(clock.resumeAt))) {
    throw preconditionNotMet(`the ${c.clock} clock resumes by itself at ${clock.resumeAt}`, ['resumeAt reached']);
  }
  const { pausedMs, dueAt } = resumed(clock, pauseEnd(clock, ctx.now));
  return [
    {
      type: 'ClockResumed',
      data: {
        clock: c.clock,
        resumedBy: bySystem ? 'system' : ctx.actor.id,
        ...(c.note !== undefined ? { note: c.note } : {}),
        pausedMs,
        dueAt,
        previousDueAt: clock.dueAt,
      },
    },
  ];
}

/** 延期: the assignee or a supervisor asks for a later due time; the clock runs on meanwhile. */
export function requestExtension(c: C.RequestExtension, s: CaseState, ctx: DecisionContext): CaseEvent[] {
  requireClockName(c.clock);
  const current = currentClock(s.sla, c.clock);
  if (current && ms(c.dueAt) <= ms(current.dueAt)) throw validationFailed('dueAt', `must be later than the clock's due time ${current.dueAt}`);
  requireStaff(ctx, 'request an extension');
  requireOpen(s, 'RequestExtension');
  if (ctx.actor.id !== s.assignment?.assigneeId && !atLeast(ctx.actor.role as Role, 'supervisor')) {
    throw forbidden('only the assignee or a supervisor asks for an extension');
  }
  const clock = adjustableClock(s, c.clock, ctx.now);
  if (clock.extensionRequest) throw preconditionNotMet(`an extension of the ${c.clock} clock is pending`, ['no pending extension request']);
  const { maxPerClock } = ctx.policies.sla.policy.extension;
  if (clock.extensions >= maxPerClock) {
    throw preconditionNotMet(`the ${c.clock} clock was extended ${clock.extensions} times, the most allowed`, ['an extension left']);
  }
  return [
    {
      type: 'ExtensionRequested',
      data: { clock: c.clock, requestId: c.requestId, dueAt: iso(c.dueAt), reason: c.reason, requestedBy: ctx.actor.id },
    },
  ];
}

/**
 * A supervisor approves up to `supervisorMaxWorkingDays` working days beyond the clock's due
 * time at the decision, inclusive; a manager and above any extension. Either may reject.
 */
export function decideExtension(c: C.DecideExtension, s: CaseState, ctx: DecisionContext): CaseEvent[] {
  requireClockName(c.clock);
  requireAtLeast(ctx, 'supervisor', 'DecideExtension');
  requireOpen(s, 'DecideExtension');
  const clock = currentClock(s.sla, c.clock);
  const request = clock?.extensionRequest;
  if (!clock || !request) throw invalidTransition('DecideExtension', `without a pending extension of the ${c.clock} clock`);
  const role = ctx.actor.role as Role;
  const decision = { clock: c.clock, requestId: request.requestId, decidedBy: ctx.actor.id, decidedByRole: role, ...(c.comment !== undefined ? { comment: c.comment } : {}) };
  if (c.decision === 'reject') return [{ type: 'ExtensionRejected', data: decision }];

  if (!atLeast(role, 'manager')) {
    const { supervisorMaxWorkingDays } = ctx.policies.sla.policy.extension;
    const limit = ctx.calendar.addWorkingDays(clock.dueAt, supervisorMaxWorkingDays);
    if (ms(request.dueAt) > ms(limit)) {
      throw new DomainError('APPROVAL_AUTHORITY_EXCEEDED', `a supervisor may extend the ${c.clock} clock to ${limit} at the latest; ${request.dueAt} needs a manager`);
    }
  }
  if (!isLive(clock, ctx.now)) throw preconditionNotMet(`the ${c.clock} clock is no longer running in time`, [`a running ${c.clock} clock`]);
  // A resume since the request may have moved the due time past the one asked.
  if (ms(request.dueAt) <= ms(clock.dueAt)) throw preconditionNotMet(`the ${c.clock} clock is already due at ${clock.dueAt}`, ['a later due time']);
  return [{ type: 'ExtensionApproved', data: { ...decision, dueAt: request.dueAt, previousDueAt: clock.dueAt } }];
}

/**
 * 预警: the worker's warning once `warnAtFraction` of a running clock's time has passed; once
 * per clock and due time, and never for a clock past due (its breach comes instead).
 */
export function markSlaAtRisk(c: C.MarkSlaAtRisk, s: CaseState, ctx: DecisionContext): CaseEvent[] {
  requireSystem(ctx, 'marks a clock at risk');
  const clock = s.sla.find((k) => k.clock === c.clock && sameInstant(k.dueAt, c.dueAt) && isLive(k, ctx.now) && !k.paused);
  if (!clock) throw preconditionNotMet(`no ${c.clock} clock due ${c.dueAt} runs in time`, [`a running ${c.clock} clock due ${c.dueAt}`]);
  if (isWarned(clock)) {
    throw preconditionNotMet(`the ${c.clock} clock due ${clock.dueAt} is already marked at risk`, ['no warning yet']);
  }
  const fraction = ctx.policies.sla.policy.warnAtFraction;
  const at = atRiskAt(clock, fraction);
  if (ms(ctx.now) < ms(at)) throw preconditionNotMet(`the ${c.clock} clock is not at risk before ${at}`, [`${fraction} of its time passed`]);
  return [{ type: 'SlaAtRisk', data: { clock: c.clock, dueAt: clock.dueAt, fraction } }];
}

/**
 * Whom an urging names (PRODUCT.md §13): `staffId` if given, else the named clock's accountable
 * staff member, else the assignee, else the follow-up owner. The handler looks up that staff
 * member's department for UrgeCase.
 */
export const urgedStaffId = (s: CaseState, urging: { staffId?: string; clock?: ClockName }): string =>
  urging.staffId ??
  (urging.clock !== undefined ? currentClock(s.sla, urging.clock)?.accountableStaffId : undefined) ??
  s.assignment?.assigneeId ??
  s.followUpOwnerId;

/** 催办: a supervisor and above hurries a staff member of an open case. */
export function urgeCase(c: C.UrgeCase, s: CaseState, ctx: DecisionContext): CaseEvent[] {
  if (c.clock !== undefined && !(CLOCKS as readonly string[]).includes(c.clock)) throw validationFailed('clock', `must be one of ${CLOCKS.join(', ')}`);
  const staffId = urgedStaffId(s, c);
  const departmentId = c.staffDepartments[staffId];
  if (departmentId === undefined) {
    if (c.staffId !== undefined) throw validationFailed('staffId', `unknown staff member ${c.staffId}`);
    throw new Error(`the department of ${staffId}, whom the urging names, was not looked up`);
  }
  requireAtLeast(ctx, 'supervisor', 'UrgeCase');
  requireOpen(s, 'UrgeCase');
  return [
    {
      type: 'CaseUrged',
      data: { message: c.message, staffId, departmentId, ...(c.clock !== undefined ? { clock: c.clock } : {}), urgedBy: ctx.actor.id },
    },
  ];
}

/** 通报: a manager and above criticises or commends a department (and one of its staff) about a case, whatever its state. */
export function issueNotice(c: C.IssueNotice, _s: CaseState, ctx: DecisionContext): CaseEvent[] {
  if (c.staff && c.staff.departmentId !== c.departmentId) throw validationFailed('staffId', `is not staff of department ${c.departmentId}`);
  requireAtLeast(ctx, 'manager', 'IssueNotice');
  return [
    {
      type: 'NoticeIssued',
      data: {
        noticeId: c.noticeId,
        kind: c.kind,
        departmentId: c.departmentId,
        ...(c.staff ? { staffId: c.staff.id } : {}),
        text: c.text,
        issuedBy: ctx.actor.id,
      },
    },
  ];
}
