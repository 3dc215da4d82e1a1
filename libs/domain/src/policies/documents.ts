import type { Market } from '../case/vocabulary';
import type { RankedRole } from '../roles';

/** The admin-editable policy documents (PRODUCT.md §12). Day and hour counts are numbers. */
export const POLICY_NAMES = ['sla', 'penalty', 'approval', 'calendar'] as const;
export type PolicyName = (typeof POLICY_NAMES)[number];

export interface SlaPolicy {
  firstReplyHours: number;
  invalidReplyHours: number;
  investigationDays: number;
  rectificationWorkingDays: { major: number; general: number; repair: number; service_request: number };
  returnVisit: { majorDays: number; generalDays: number; repairWorkingDays: number };
  resolutionDays: Record<Market, number>;
  /** The rectification clock a rework starts, from the request (PRODUCT.md §13). */
  reworkWorkingDays: { major: number; general: number };
  /** The share of a clock's time after which it is at risk (预警): a number in (0, 1). */
  warnAtFraction: number;
  /** The most a clock may stay paused in all, in days (24 h each). */
  maxPauseDays: number;
  extension: {
    /** How far beyond the clock's due time a supervisor may approve, inclusive; beyond it, manager+. */
    supervisorMaxWorkingDays: number;
    /** Extensions approved per clock at most. */
    maxPerClock: number;
  };
}

/** Rule ids of PRODUCT.md §7; each names the points it deducts from a department and/or staff. */
export const PENALTY_RULE_IDS = ['VALID_MAJOR', 'VALID_GENERAL', 'SLA_BREACH', 'SHIRKING', 'REOPENED'] as const;
export type PenaltyRuleId = (typeof PENALTY_RULE_IDS)[number];

/** Signed decimal strings: points are money-like and must never pass through a float. */
export interface PenaltyPoints {
  department?: string;
  staff?: string;
}

export interface PenaltyPolicy {
  amountPerPoint: string;
  /** The penalty notice's objection window, from its issue (PRODUCT.md §14). */
  objectionWorkingDays: number;
  /** The lowest role that decides objections and approves the notice. */
  noticeApprover: RankedRole;
  rules: Record<PenaltyRuleId, PenaltyPoints>;
}

/** `upTo` is an inclusive decimal-string bound; `null` means no upper bound. */
export interface ApprovalTier {
  upTo: string | null;
  role: RankedRole;
}

export interface ApprovalPolicy {
  /** Checked in order; the first tier covering the amount names the lowest approving role. */
  tiers: ApprovalTier[];
}

export interface CalendarOverride {
  date: string; // YYYY-MM-DD, in the calendar's time zone
  workday: boolean;
}

export type CalendarPolicy = CalendarOverride[];

/** A policy document with the version under which it was recorded (events cite the version). */
export interface Versioned<P> {
  version: number;
  policy: P;
}

export interface PoliciesInForce {
  sla: Versioned<SlaPolicy>;
  penalty: Versioned<PenaltyPolicy>;
  approval: Versioned<ApprovalPolicy>;
  calendar: Versioned<CalendarPolicy>;
}

// Frozen because every caller shares this one object: a stray mutation would silently change
// the policy that version 1 stands for, and past figures would no longer reproduce.
const deepFreeze = <T>(value: T): T => {
  if (value !== null && typeof value === 'object') {
    Object.values(value).forEach(deepFreeze);
    Object.freeze(value);
  }
  return value;
};

export const DEFAULT_POLICIES: PoliciesInForce = deepFreeze({
  sla: {
    version: 1,
    policy: {
      firstReplyHours: 2,
      invalidReplyHours: 2,
      investigationDays: 3,
      rectificationWorkingDays: { major: 1, general: 3, repair: 3, service_request: 3 },
      returnVisit: { majorDays: 7, generalDays: 14, repairWorkingDays: 2 },
      resolutionDays: { domestic: 15, overseas: 20 },
      reworkWorkingDays: { major: 1, general: 3 },
      warnAtFraction: 0.8,
      maxPauseDays: 10,
      extension: { supervisorMaxWorkingDays: 3, maxPerClock: 2 },
    },
  },
  penalty: {
    version: 1,
    policy: {
      amountPerPoint: '100.00',
      objectionWorkingDays: 3,
      noticeApprover: 'gm',
      rules: {
        VALID_MAJOR: { department: '-10', staff: '-4' },
        VALID_GENERAL: { department: '-3', staff: '-2' },
        SLA_BREACH: { staff: '-1' },
        SHIRKING: { staff: '-3' },
        REOPENED: { staff: '-1' },
      },
    },
  },
  approval: {
    version: 1,
    policy: {
      tiers: [
        { upTo: '1000.00', role: 'supervisor' },
        { upTo: '10000.00', role: 'manager' },
        { upTo: '50000.00', role: 'deputy_gm' },
        { upTo: null, role: 'gm' },
      ],
    },
  },
  calendar: { version: 1, policy: [] },
});

/**
 * A stored policy document as the policy in force: a version stored before some fields
 * existed takes their defaults (PRODUCT.md §12). Every field added so far sits at the top level.
 */
export const withAddedDefaults = <N extends PolicyName>(name: N, stored: unknown): PoliciesInForce[N]['policy'] => {
  const defaults = DEFAULT_POLICIES[name].policy;
  return (Array.isArray(defaults) ? stored : { ...defaults, ...(stored as object) }) as PoliciesInForce[N]['policy'];
};
