/**
 * The event store port (ARCHITECTURE.md decision 2). Small enough for PostgreSQL and
 * EventStoreDB alike. Revisions and positions are bigint: a stream's first event has
 * revision 0n; positions grow in the order subscribers receive events, with gaps.
 */

export interface EventMetadata {
  actorId: string;
  actorRole: string;
  commandId: string;
  correlationId: string;
  causationId: string;
  policyVersions?: Record<string, number>;
  /** Set by the store on append (PRODUCT.md §9): the hash chain of the stream. */
  hash?: string;
  prevHash?: string;
}

/** An event to append. `eventId` is chosen by the caller: appending it again is a no-op. */
export interface NewEvent {
  eventId: string;
  type: string;
  /** Schema version of this event type (EVENTS.md), starting at 1. */
  version: number;
  data: Record<string, unknown>;
  metadata: EventMetadata;
  /** When the event was recorded, ISO-8601; taken from the injected clock. */
  recordedAt: string;
}

export interface StoredEvent {
  eventId: string;
  type: string;
  version: number;
  streamId: string;
  revision: bigint;
  position: bigint;
  recordedAt: string;
  data: Record<string, unknown>;
  metadata: EventMetadata & { hash: string; prevHash: string };
}

export type ExpectedRevision = 'any' | 'no_stream' | 'exists' | bigint;

export interface AppendResult {
  /** Revision of the stream's last event after the append. */
  nextRevision: bigint;
  /** Global position of the last event appended. */
  position: bigint;
}

export interface ReadStreamOptions {
  direction?: 'forwards' | 'backwards';
  /** Inclusive start revision; default: the first (forwards) or last (backwards) event. */
  from?: bigint;
  max?: number;
  /**
   * The events exactly as stored, without upcasting: what `verifyChain` needs, since each hash
   * covers the stored version and data.
   */
  raw?: boolean;
}

/** Both parts apply when both are given; an absent or empty list does not restrict. */
export interface EventFilter {
  /** Only these event types. */
  types?: string[];
  /** Only streams whose id starts with one of these prefixes (e.g. `case-`). */
  streamPrefixes?: string[];
}

export interface ReadAllOptions {
  /** Exclusive: read events after this position; absent = from the start. */
  from?: bigint;
  max?: number;
  filter?: EventFilter;
  /**
   * When given, only events of these types carry their `data` and `metadata`; the others come
   * with empty objects `{}` (position, stream id, revision, event id, type, version and
   * recordedAt as usual, the version as stored: they are not upcast). For readers that only
   * pass them by, such as a projection's checkpoint; the store need not read or send their bodies.
   */
  bodiesOf?: readonly string[];
}

export interface SubscribeOptions {
  /** Exclusive, as in readAll. */
  from?: bigint;
  filter?: EventFilter;
  /** How many events to read per round trip while catching up. */
  batchSize?: number;
  /** As in readAll. */
  bodiesOf?: readonly string[];
}

/**
 * A catch-up-then-live subscription. Iterate it for events in position order; each event is
 * delivered once per subscription. `close()` ends the iteration.
 */
export interface Subscription extends AsyncIterable<StoredEvent> {
  close(): Promise<void>;
}

export interface EventStore {
  /**
   * Appends 1 to 8000 events (MAX_EVENTS_PER_APPEND) atomically (`expectedRevision` defaults to 'any'). Throws
   * WrongExpectedRevisionError when the stream's revision does not match. Appending events
   * whose ids are already stored in the stream returns the original result and writes nothing;
   * ids stored partly throw DuplicateEventIdError, and so do ids stored in another stream,
   * except on EventStoreDB, where an event id is unique within its stream only.
   */
  append(streamId: string, events: NewEvent[], options?: { expectedRevision?: ExpectedRevision }): Promise<AppendResult>;
  /** Events of one stream; an unknown stream yields an empty list. */
  readStream(streamId: string, options?: ReadStreamOptions): Promise<StoredEvent[]>;
  /** Events of all streams in global order. Only events no reader can ever see appear before them. */
  readAll(options?: ReadAllOptions): Promise<StoredEvent[]>;
  /** The position of the last event readers can see (0n when the store is empty). */
  headPosition(): Promise<bigint>;
  /**
   * How many events readers can see after `position` (exclusive), counted up to `max` and no
   * further: positions have gaps, so a lag in events is counted, never subtracted.
   */
  countAfter(position: bigint, max: number): Promise<number>;
  subscribe(options?: SubscribeOptions): Subscription;
  close(): Promise<void>;
}

export class WrongExpectedRevisionError extends Error {
  constructor(
    readonly streamId: string,
    readonly expected: ExpectedRevision,
    readonly actual: bigint | 'no_stream',
  ) {
    super(`stream ${streamId}: expected revision ${String(expected)}, actual ${String(actual)}`);
    this.name = 'WrongExpectedRevisionError';
  }
}

/** Some of the event ids were already appended, but not as this same append to this stream. */
export class DuplicateEventIdError extends Error {
  constructor(readonly streamId: string) {
    super(`stream ${streamId}: some event ids were already appended, partly or to another stream`);
    this.name = 'DuplicateEventIdError';
  }
}

export const EVENT_STORE = Symbol('EVENT_STORE');
