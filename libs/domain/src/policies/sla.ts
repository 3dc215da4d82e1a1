import type { Kind, Market, Severity } from '../case/vocabulary';
import type { WorkingCalendar } from './calendar';
import type { SlaPolicy } from './documents';
import { addDays, addHours } from './time';

/**
 * SLA due times (PRODUCT.md §4). Each is decided once, from the policy in force when its
 * triggering event is recorded, and written into that event.
 */

type WorkingDays = Pick<WorkingCalendar, 'addWorkingDays'>;

interface CaseTraits {
  kind: Kind;
  severity: Severity;
}

const isWorkOrder = (kind: Kind): kind is 'repair' | 'service_request' =>
  kind === 'repair' || kind === 'service_request';

export const firstReplyBy = (receivedAt: string, sla: SlaPolicy): string =>
  addHours(receivedAt, sla.firstReplyHours);

export const invalidReplyBy = (invalidatedAt: string, sla: SlaPolicy): string =>
  addHours(invalidatedAt, sla.invalidReplyHours);

export const resolutionBy = (receivedAt: string, market: Market, sla: SlaPolicy): string =>
  addDays(receivedAt, sla.resolutionDays[market]);

export const investigationBy = (assignedAt: string, sla: SlaPolicy): string =>
  addDays(assignedAt, sla.investigationDays);

/** Counted from receipt, not from the assignment, so a slow assignment eats into it. */
export const rectificationBy = (
  { receivedAt, kind, severity }: CaseTraits & { receivedAt: string },
  sla: SlaPolicy,
  calendar: WorkingDays,
): string => {
  const days = sla.rectificationWorkingDays;
  if (isWorkOrder(kind)) return calendar.addWorkingDays(receivedAt, days[kind]);
  // §4's major limit is for major complaints; an inquiry or suggestion takes the general one.
  return calendar.addWorkingDays(receivedAt, kind === 'complaint' && severity === 'major' ? days.major : days.general);
};

/** `from` is the rectification's completedAt, or the moment of resolution on the spot. */
export const returnVisitBy = (
  { from, kind, severity }: CaseTraits & { from: string },
  sla: SlaPolicy,
  calendar: WorkingDays,
): string => {
  const { majorDays, generalDays, repairWorkingDays } = sla.returnVisit;
  // Kind wins over severity: repair and service requests have their own row in §4, in working
  // days; every other kind counts elapsed days by severity.
  if (isWorkOrder(kind)) return calendar.addWorkingDays(from, repairWorkingDays);
  return addDays(from, severity === 'major' ? majorDays : generalDays);
};

/** A rework's rectification clock (PRODUCT.md §13), from the request: major 1, general 3 working days by default. */
export const reworkRectificationBy = (
  { requestedAt, severity }: { requestedAt: string; severity: Severity },
  sla: SlaPolicy,
  calendar: WorkingDays,
): string => calendar.addWorkingDays(requestedAt, sla.reworkWorkingDays[severity]);
