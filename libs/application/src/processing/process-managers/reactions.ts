import { DomainError } from '@casebook/domain';

/**
 * A decision that was no (the case refused the command, or is gone): asking again cannot
 * change it, so a process manager passes the trigger by. UNAVAILABLE is not one: it says
 * "later" (the runner retries the batch).
 */
export const isRefusal = (error: unknown): error is DomainError => error instanceof DomainError && error.code !== 'UNAVAILABLE';

/** The events grouped by stream, each group in stream order, the groups in order of first appearance. */
export function byStream<E extends { streamId: string }>(events: readonly E[]): E[][] {
  const groups = new Map<string, E[]>();
  for (const event of events) {
    const group = groups.get(event.streamId);
    if (group) group.push(event);
    else groups.set(event.streamId, [event]);
  }
  return [...groups.values()];
}
