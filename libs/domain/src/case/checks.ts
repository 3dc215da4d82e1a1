import { atLeast, isStaffRole, type RankedRole, type Role } from '../roles';
import { DomainError, forbidden, invalidTransition } from '../errors';
import type { DecisionContext } from './context';
import type { CaseState } from './state';
import { CLOCKS, type CaseStatus, type ClockName } from './vocabulary';

/**
 * The checks the case deciders share, named after the step of API.md's precedence they are:
 * bad input (400), the command's minimum role (403), the state machine (409), the caller's
 * relation to the case (403).
 */

/** "agent" in PRODUCT.md §3 means any staff member who handles cases. */
export function requireStaff(ctx: DecisionContext, command: string) {
  if (!isStaffRole(ctx.actor.role as Role)) throw forbidden(`${ctx.actor.role} may not ${command}`);
}

export function requireAtLeast(ctx: DecisionContext, min: RankedRole, command: string) {
  if (!atLeast(ctx.actor.role as Role, min)) throw forbidden(`${command} needs ${min} or above`);
}

export function requireSystem(ctx: DecisionContext, what: string) {
  if (ctx.actor.role !== 'system') throw forbidden(`only the system ${what}`);
}

export function requireStatus(state: CaseState, allowed: CaseStatus[], command: string) {
  if (!allowed.includes(state.status)) throw invalidTransition(command, state.status);
}

export function requireOpen(state: CaseState, command: string) {
  if (state.status === 'closed') throw invalidTransition(command, state.status);
}

/** A clock named in a path: an unknown name is a resource that does not exist. */
export function requireClockName(clock: string): asserts clock is ClockName {
  if (!(CLOCKS as readonly string[]).includes(clock)) throw new DomainError('NOT_FOUND', `no clock named ${clock}`);
}

/** The assigned department's handler, or the assignee themself. */
export const worksOnAssignment = (state: CaseState, ctx: DecisionContext) =>
  !!state.assignment &&
  ((ctx.actor.role === 'handler' && ctx.actor.departmentId === state.assignment.departmentId) ||
    ctx.actor.id === state.assignment.assigneeId);

/** An instant in the form events carry: UTC, milliseconds. */
export const iso = (instant: string) => new Date(instant).toISOString();
