import type { CaseState } from '@casebook/domain';
import { LruMap } from '@casebook/event-store';

/** A case as this process last read or wrote it: its state and the position of its last event. */
export interface KnownCase {
  state: CaseState;
  position: bigint;
}

/** How many cases a process remembers: the hot ones (the least recently used go first). */
const CAPACITY = 1000;

/**
 * The cases this process has read or written lately (a least-recently-used map), so that a
 * command on a busy case need not read its stream again. What it holds may be behind another
 * process's write; CaseCommandService only ever trusts it as far as the store's revision check
 * confirms it.
 */
export class KnownCases {
  private readonly cases = new LruMap<string, KnownCase>(CAPACITY);

  get(caseId: string): KnownCase | undefined {
    return this.cases.get(caseId);
  }

  remember(caseId: string, known: KnownCase): KnownCase {
    this.cases.set(caseId, known);
    return known;
  }

  forget(caseId: string): void {
    this.cases.delete(caseId);
  }
}
