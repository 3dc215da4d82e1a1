import Decimal from 'decimal.js';
import { DateTime } from 'luxon';
import type { PenaltyPolicy, PenaltyRuleId, Versioned } from '../policies/documents';
import type { CaseEvent, PenaltyLine, Recorded } from './events';
import { isJudged, type CaseState } from './state';

/**
 * The penalty policy of PRODUCT.md §7 as a pure function: which lines an event of a case
 * costs, under a given version of the penalty policy. Two steps, so that a caller can look up
 * the facts the lines need before they are priced:
 *
 *   penaltyTargets(trigger, state)   who is accountable, with which share (no numbers)
 *   assessPenalties(input, policy)   the priced lines, decimals rounded half-up to 2 places
 *
 * `state` is the case as the trigger left it (the stream folded up to and including the
 * trigger), so an assessment made late, or made again, yields the same lines.
 */

/** The event that may cost a penalty, as stored: its id is the assessment's `trigger`. */
export type PenaltyTrigger = Recorded<CaseEvent> & { eventId: string };

export interface PenaltyTarget {
  rule: PenaltyRuleId;
  targetType: 'department' | 'staff';
  targetId: string;
  /** The responsibility share (VALID_* lines); `1` for the other rules. Decimal string. */
  share: string;
  /** VALID_* department lines: the loss is the accepted settlement amount × share. */
  lossBase?: string;
  /** VALID_* lines carry their share on the line (EVENTS.md `share?`). */
  showsShare: boolean;
}

/** The decimals of §7: 2 places, ties away from zero ("half-up" for signed amounts). */
export const round2 = (value: Decimal.Value): string => {
  const rounded = new Decimal(value).toDecimalPlaces(2, Decimal.ROUND_HALF_UP);
  return (rounded.isZero() ? new Decimal(0) : rounded).toFixed(2);
};

/** The local month (YYYY-MM) of an instant in a time zone: where a penalty recorded then counts. */
export const localMonth = (instant: string, timeZone: string): string => {
  const time = DateTime.fromISO(instant, { zone: 'utc' }).setZone(timeZone);
  if (!time.isValid) throw new RangeError(`not an instant in ${timeZone}: ${instant}`);
  return time.toFormat('yyyy-MM');
};

/** The responsibility of a valid complaint: its investigation's lines, else the assignment (share 1). */
function responsibility(s: CaseState): { departmentId: string; staffId?: string; share: string }[] {
  if (s.investigation) return s.investigation.responsibility;
  if (s.assignment) return [{ departmentId: s.assignment.departmentId, staffId: s.assignment.assigneeId, share: '1' }];
  return [];
}

/**
 * Who an event makes accountable (PRODUCT.md §7):
 * - VALID_MAJOR / VALID_GENERAL: a complaint's first valid closure; per responsibility line its
 *   department and, when named, its staff member. An external or supplier cause with no
 *   responsibility line costs nothing; an invalid complaint is never closed `valid`, and one
 *   nobody judged (closed `valid` before a judgement was required, PRODUCT.md §3) costs nothing.
 * - SLA_BREACH: the clock's accountable staff member.
 * - SHIRKING: the staff member named.
 * - REOPENED: the assignee at the last closure (none: no line).
 */
export function penaltyTargets(trigger: PenaltyTrigger, state: CaseState): PenaltyTarget[] {
  switch (trigger.type) {
    case 'CaseClosed': {
      // Once per case: only the closure that made the first valid one (state is as the trigger left it).
      if (trigger.data.outcome !== 'valid' || state.kind !== 'complaint' || (state.validClosures ?? 0) !== 1) return [];
      if (!isJudged(state)) return [];
      const rule: PenaltyRuleId = state.severity === 'major' ? 'VALID_MAJOR' : 'VALID_GENERAL';
      const loss = state.settlement?.status === 'accepted' ? state.settlement.amount : '0';
      return responsibility(state).flatMap((line) => {
        const department: PenaltyTarget = {
          rule,
          targetType: 'department',
          targetId: line.departmentId,
          share: line.share,
          lossBase: loss,
          showsShare: true,
        };
        if (!line.staffId) return [department];
        return [department, { rule, targetType: 'staff', targetId: line.staffId, share: line.share, showsShare: true }];
      });
    }
    case 'SlaBreached':
      return [staffTarget('SLA_BREACH', trigger.data.accountableStaffId)];
    case 'ShirkingRecorded':
      return [staffTarget('SHIRKING', trigger.data.staffId)];
    case 'CaseReopened':
      return trigger.data.previousAssigneeId ? [staffTarget('REOPENED', trigger.data.previousAssigneeId)] : [];
    default:
      return [];
  }
}

const staffTarget = (rule: PenaltyRuleId, staffId: string): PenaltyTarget => ({
  rule,
  targetType: 'staff',
  targetId: staffId,
  share: '1',
  showsShare: false,
});

export interface PenaltyAssessmentInput {
  trigger: PenaltyTrigger;
  /** The case as the trigger left it. */
  state: CaseState;
  /** Each staff target's department when the line is decided (the directory then); absent when unknown. */
  staffDepartments: Readonly<Record<string, string>>;
}

/** A line as priced, before the assessment gives it an id. */
export type PricedPenaltyLine = Omit<PenaltyLine, 'lineId'>;

/**
 * The lines an event costs under `policy`: points = the rule's points for the target × share,
 * amount = points × amountPerPoint, lossAmount (department lines of VALID_*) = accepted
 * settlement amount × share, or 0.00 without an accepted settlement. A rule the policy gives
 * no points for that target, or a line worth 0.00 points, yields no line.
 */
export function assessPenalties(input: PenaltyAssessmentInput, policy: Versioned<PenaltyPolicy>): PricedPenaltyLine[] {
  const { amountPerPoint, rules } = policy.policy;
  return penaltyTargets(input.trigger, input.state).flatMap((target): PricedPenaltyLine[] => {
    const base = rules[target.rule]?.[target.targetType];
    if (base === undefined) return [];
    const points = round2(new Decimal(base).times(target.share));
    if (new Decimal(points).isZero()) return [];
    const department = target.targetType === 'staff' ? input.staffDepartments[target.targetId] : undefined;
    return [
      {
        rule: target.rule,
        targetType: target.targetType,
        targetId: target.targetId,
        ...(department !== undefined ? { departmentId: department } : {}),
        points,
        amount: round2(new Decimal(points).times(amountPerPoint)),
        ...(target.lossBase !== undefined ? { lossAmount: round2(new Decimal(target.lossBase).times(target.share)) } : {}),
        ...(target.showsShare ? { share: target.share } : {}),
      },
    ];
  });
}
