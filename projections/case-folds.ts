import type { EntityManager } from 'typeorm';
import type { StoredEvent } from '@casebook/event-store';
import { evolve, toRecorded, type CaseState } from '@casebook/domain';

/**
 * Folds a batch's case events onto the states stored in `table` (columns `case_id`, `state`),
 * with the domain's own `evolve`, so every read model agrees with the decider on what a case
 * is. Events at or below a stored state's version are skipped: a replayed batch changes
 * nothing. `each` sees every fresh event with the case before and after it. Answers the states
 * that changed.
 */
export async function foldCases(
  events: StoredEvent[],
  table: string,
  manager: EntityManager,
  each: (e: StoredEvent, before: CaseState | undefined, after: CaseState) => void = () => undefined,
): Promise<CaseState[]> {
  const byCase = new Map<string, StoredEvent[]>();
  for (const e of events) {
    const caseId = e.streamId.slice('case-'.length);
    const list = byCase.get(caseId);
    if (list) list.push(e);
    else byCase.set(caseId, [e]);
  }
  if (byCase.size === 0) return [];
  const rows: { state: CaseState }[] = await manager.query(`SELECT state FROM ${table} WHERE case_id = ANY($1::uuid[])`, [[...byCase.keys()]]);
  const states = new Map(rows.map((r) => [r.state.caseId, r.state]));
  const changed: CaseState[] = [];
  for (const [caseId, caseEvents] of byCase) {
    const stored = states.get(caseId);
    let state = stored;
    for (const e of caseEvents) {
      if (stored !== undefined && Number(e.revision) <= stored.version) continue;
      const after = evolve(state, toRecorded(e));
      each(e, state, after);
      state = after;
    }
    if (state !== stored) changed.push(state!);
  }
  return changed;
}

/** What a statistics projection keeps of a case's state: the fold needs no personal data or free text. */
export const compact = (s: CaseState): CaseState =>
  ({ ...s, complainant: undefined, subject: '', description: '', replies: [] }) as unknown as CaseState;
