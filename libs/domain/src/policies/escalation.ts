import { ESCALATION_LEVELS, type EscalationLevel } from '../case/vocabulary';

/** Escalation levels, lowest first (PRODUCT.md §5): none < supervisor < manager < gm. */
const rank = (level: EscalationLevel): number => ESCALATION_LEVELS.indexOf(level);

/** The level an SLA breach escalates to; undefined at gm, where a breach escalates no further. */
export const nextLevel = (current: EscalationLevel): EscalationLevel | undefined =>
  ESCALATION_LEVELS[rank(current) + 1];

/** A manual escalation must name a level strictly above the case's current one. */
export const isAbove = (level: EscalationLevel, current: EscalationLevel): boolean =>
  rank(level) > rank(current);
