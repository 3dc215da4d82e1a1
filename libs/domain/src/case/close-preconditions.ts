import type { CaseState } from './state';
import type { Outcome } from './vocabulary';

/**
 * What closing a case needs (PRODUCT.md §3 "Close preconditions") and the outcome it closes
 * with. `missing` names each step still to do; empty means the case may close.
 */
export function closeOutcome(s: CaseState): { outcome: Outcome; missing: string[] } {
  const reopened = s.reopenCount > 0;
  const { progress } = s;

  if (s.resolution && !reopened) {
    return { outcome: 'resolved_on_spot', missing: progress.visitedSinceRectification ? [] : ['return_visit'] };
  }
  if (s.kind === 'inquiry' || s.kind === 'suggestion') {
    const replied = reopened ? progress.repliedSinceReopen : s.replies.length > 0;
    return { outcome: 'answered', missing: replied ? [] : ['reply'] };
  }
  if (s.kind === 'complaint' && s.validity === 'invalid') {
    return { outcome: 'invalid', missing: progress.repliedSinceInvalidation ? [] : ['reply_after_invalidation'] };
  }

  // A valid complaint, a repair or a service request: the work, then a return visit after it.
  // After a reopen the work must be done again (rectifiedSinceReopen resets). A complaint not
  // (yet) judged invalid takes this path: §3 does not make validation a step before closing.
  const missing: string[] = [];
  if (!s.assignment) missing.push('assignment');
  if (!progress.rectifiedSinceReopen) missing.push('rectification');
  if (!progress.visitedSinceRectification) missing.push('return_visit');
  if (s.kind !== 'complaint') return { outcome: 'completed', missing };

  if (s.severity === 'major' && !s.investigation) missing.push('investigation');
  const settlement = s.settlement?.status;
  if (settlement && settlement !== 'accepted') missing.push(`settlement_accepted (latest is ${settlement})`);
  return { outcome: 'valid', missing };
}
