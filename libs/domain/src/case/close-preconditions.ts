import { dissatisfiedVisit, isJudged, type CaseState } from './state';
import type { Outcome } from './vocabulary';

/**
 * What closing a case needs (PRODUCT.md §3 "Close preconditions", §13) and the outcome it
 * closes with. `missing` names each step still to do; empty means the case may close. A
 * manager closing with `dissatisfactionAccepted` lifts the hold of a dissatisfied return visit.
 */
export function closeOutcome(s: CaseState, dissatisfactionAccepted = false): { outcome: Outcome; missing: string[] } {
  const reopened = s.reopenCount > 0;
  const { progress } = s;
  // A complaint's dissatisfied last visit holds it back until rework or an accepted dissatisfaction.
  const satisfaction = s.kind === 'complaint' && dissatisfiedVisit(s) && !dissatisfactionAccepted ? ['rework_or_dissatisfaction_accepted'] : [];

  // Neither reopened nor sent to rework since: the visit is all it needs.
  if (s.status === 'resolved_on_spot') {
    return { outcome: 'resolved_on_spot', missing: progress.visitedSinceRectification ? satisfaction : ['return_visit'] };
  }
  if (s.kind === 'inquiry' || s.kind === 'suggestion') {
    const replied = reopened ? progress.repliedSinceReopen : s.replies.length > 0;
    return { outcome: 'answered', missing: replied ? [] : ['reply'] };
  }
  if (s.kind === 'complaint' && s.validity === 'invalid') {
    return { outcome: 'invalid', missing: progress.repliedSinceInvalidation ? [] : ['reply_after_invalidation'] };
  }

  // A valid complaint, a repair or a service request: the work, then a return visit after it.
  // After a reopen or a rework the work must be done again (rectifiedSinceReopen resets). A
  // complaint nobody judged names the judgement first, then what a valid one needs.
  const missing: string[] = s.kind === 'complaint' && !isJudged(s) ? ['validation'] : [];
  if (!s.assignment) missing.push('assignment');
  if (!progress.rectifiedSinceReopen) missing.push('rectification');
  if (!progress.visitedSinceRectification) missing.push('return_visit');
  if (s.kind !== 'complaint') return { outcome: 'completed', missing };

  missing.push(...satisfaction);
  if (s.severity === 'major' && !s.investigation) missing.push('investigation');
  const settlement = s.settlement?.status;
  if (settlement && settlement !== 'accepted') missing.push(`settlement_accepted (latest is ${settlement})`);
  return { outcome: 'valid', missing };
}
