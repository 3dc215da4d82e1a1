/** The closed vocabularies of a case (API.md "Case commands"). One list per concept. */
export const KINDS = ['complaint', 'repair', 'service_request', 'inquiry', 'suggestion'] as const;
export type Kind = (typeof KINDS)[number];

export const CHANNELS = ['phone', 'visit', 'letter', 'email', 'wechat', 'web', 'hotline', 'other'] as const;
export type Channel = (typeof CHANNELS)[number];

/** The default taxonomy. */
export const CATEGORIES = [
  'repair_delay',
  'repair_quality',
  'cleaning',
  'security',
  'noise',
  'parking',
  'fees',
  'decoration',
  'staff_attitude',
  'product_quality',
  'delivery',
  'other',
] as const;
export type Category = (typeof CATEGORIES)[number];

export const SEVERITIES = ['major', 'general'] as const;
export type Severity = (typeof SEVERITIES)[number];

export const MARKETS = ['domestic', 'overseas'] as const;
export type Market = (typeof MARKETS)[number];

export const INVALID_REASONS = ['unfounded', 'malicious', 'out_of_scope', 'duplicate'] as const;
export type InvalidReason = (typeof INVALID_REASONS)[number];

export const ESCALATION_LEVELS = ['none', 'supervisor', 'manager', 'gm'] as const;
export type EscalationLevel = (typeof ESCALATION_LEVELS)[number];

export const CAUSE_TYPES = ['quality', 'human', 'external', 'supplier'] as const;
export type CauseType = (typeof CAUSE_TYPES)[number];

export const SETTLEMENT_TYPES = ['compensation', 'discount', 'return', 'rework', 'apology', 'none'] as const;
export type SettlementType = (typeof SETTLEMENT_TYPES)[number];

export const VISIT_METHODS = ['phone', 'visit', 'sms', 'wechat'] as const;
export type VisitMethod = (typeof VISIT_METHODS)[number];

export const SATISFACTIONS = ['very_satisfied', 'satisfied', 'neutral', 'unsatisfied', 'very_unsatisfied'] as const;
export type Satisfaction = (typeof SATISFACTIONS)[number];

/** A return visit rated so holds the case back until rework or an accepted dissatisfaction (PRODUCT.md §13). */
export const DISSATISFIED: readonly Satisfaction[] = ['unsatisfied', 'very_unsatisfied'];

export const OUTCOMES = ['valid', 'invalid', 'resolved_on_spot', 'answered', 'completed'] as const;
export type Outcome = (typeof OUTCOMES)[number];

export const STATUSES = ['received', 'in_progress', 'rectified', 'resolved_on_spot', 'invalidated', 'closed'] as const;
export type CaseStatus = (typeof STATUSES)[number];

export const CLOCKS = [
  'first_reply',
  'invalid_reply',
  'promised_reply',
  'investigation',
  'rectification',
  'return_visit',
  'resolution',
] as const;
export type ClockName = (typeof CLOCKS)[number];

/** The clocks the supervision line may pause or extend (PRODUCT.md §13); the reply and visit clocks run on. */
export const ADJUSTABLE_CLOCKS = ['investigation', 'rectification', 'resolution'] as const satisfies readonly ClockName[];

/** Why a clock waits on something outside the centre's control. */
export const PAUSE_REASONS = ['awaiting_customer', 'awaiting_supplier', 'no_access'] as const;
export type PauseReason = (typeof PAUSE_REASONS)[number];

export const NOTICE_KINDS = ['criticism', 'commendation'] as const;
export type NoticeKind = (typeof NOTICE_KINDS)[number];

/** Case-number prefix by kind (API.md "Case numbers"). */
export const CASE_NUMBER_PREFIX: Record<Kind, string> = {
  complaint: 'CP',
  repair: 'RP',
  service_request: 'SR',
  inquiry: 'IQ',
  suggestion: 'SG',
};
