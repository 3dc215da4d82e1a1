import { DuplicateEventIdError, type AppendResult, type ExpectedRevision, type NewEvent, type StoredEvent } from './event-store.port';

/**
 * The PostgreSQL store writes an append in one statement of 8 parameters an event, and
 * PostgreSQL takes at most 65535 parameters; every adapter keeps the same limit.
 */
export const MAX_EVENTS_PER_APPEND = 8000;

export function assertAppendable(events: NewEvent[]): void {
  if (events.length < 1 || events.length > MAX_EVENTS_PER_APPEND) {
    throw new RangeError(`an append takes 1 to ${MAX_EVENTS_PER_APPEND} events, not ${events.length}`);
  }
  if (new Set(events.map((event) => event.eventId)).size !== events.length) {
    throw new RangeError('an append must not repeat an event id');
  }
}

/** Whether a stream whose last revision is `actual` (undefined: no such stream) meets `expected`. */
export function revisionMatches(expected: ExpectedRevision, actual: bigint | undefined): boolean {
  switch (expected) {
    case 'any':
      return true;
    case 'no_stream':
      return actual === undefined;
    case 'exists':
      return actual !== undefined;
    default:
      return actual === expected;
  }
}

/**
 * The result of an earlier append of the same events, given what is stored under each of
 * their ids (undefined: nothing): none stored, no earlier append; all stored in this stream,
 * that append's result; some, or some elsewhere, DuplicateEventIdError.
 */
export function earlierAppendResult(
  streamId: string,
  stored: (Pick<StoredEvent, 'streamId' | 'revision' | 'position'> | undefined)[],
): AppendResult | undefined {
  if (stored.every((event) => event === undefined)) return undefined;
  const last = stored[stored.length - 1];
  if (!last || stored.some((event) => event?.streamId !== streamId)) throw new DuplicateEventIdError(streamId);
  return { nextRevision: last.revision, position: last.position };
}
