/**
 * The storage of the EventStoreDB test server: streams and the `$all` log in memory, with
 * EventStoreDB's semantics rather than Casebook's. References are to the server's source
 * (EventStore/EventStore, src/EventStore.Core), which the documentation summarises under
 * "Optimistic concurrency and idempotence".
 */

/** An event as the server stores it: the bytes it was given, numbered and positioned. */
export interface LoggedEvent {
  streamId: string;
  revision: bigint;
  eventId: string;
  type: string;
  contentType: string;
  data: Uint8Array;
  metadata: Uint8Array;
  /** .NET ticks (100 ns) since the Unix epoch, as the `created` metadata of a read. */
  created: bigint;
  /**
   * Where the event starts in the transaction log. Events appended through gRPC are
   * "self-committed" prepares, so their commit and prepare positions are both this.
   */
  position: bigint;
}

export interface ProposedEvent {
  eventId: string;
  type: string;
  contentType: string;
  data: Uint8Array;
  metadata: Uint8Array;
}

/** An append's expected state of the stream; a revision is that of the stream's last event. */
export type ExpectedState = 'any' | 'no_stream' | 'stream_exists' | bigint;

export type AppendOutcome =
  | { result: 'success'; revision: bigint; position: bigint }
  /** `current` undefined: the stream does not exist. */
  | { result: 'wrong_expected_version'; current: bigint | undefined };

export interface EventFilter {
  on: 'stream' | 'type';
  prefixes: string[];
  regex?: RegExp;
}

/** A filter applies its prefixes when it has any, else its regex (Streams.Read.cs). */
export function matchesFilter(filter: EventFilter, event: LoggedEvent): boolean {
  const subject = filter.on === 'stream' ? event.streamId : event.type;
  if (filter.prefixes.length > 0) return filter.prefixes.some((prefix) => subject.startsWith(prefix));
  return filter.regex === undefined || filter.regex.test(subject);
}

/** Bytes a log record takes besides its payload (the real server's prepare header is of this order). */
const RECORD_OVERHEAD = 96n;
const TICKS_PER_MILLISECOND = 10_000n;

/**
 * One writer, as in EventStoreDB: an append is checked and written in one synchronous step,
 * so the events of one append are consecutive in `$all`, and positions (byte offsets that
 * grow by each record's size) only ever increase.
 */
export class EsdbTestLog {
  readonly all: LoggedEvent[] = [];
  private readonly streams = new Map<string, LoggedEvent[]>();
  /**
   * Event id → the event, for the idempotency check of appends that name no revision. The
   * server keeps these in a bounded cache (IndexWriter._committedEvents); here nothing is
   * evicted, which a test of a few thousand events could not tell apart.
   */
  private readonly committed = new Map<string, LoggedEvent>();
  private readonly listeners = new Set<() => void>();
  private nextPosition: bigint;

  constructor(firstPosition: bigint) {
    this.nextPosition = firstPosition;
  }

  stream(streamId: string): readonly LoggedEvent[] | undefined {
    return this.streams.get(streamId);
  }

  /** Calls `listener` after every append until the returned function is called. */
  onAppend(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /**
   * IndexWriter.CheckCommit, then the write. Expecting a revision lower than the stream's
   * current one is not necessarily an error: if the events after it carry exactly the
   * proposed ids, the append was made before and succeeds again without writing
   * (idempotent); if only some do, it is a wrong expected version ("corrupted idempotency").
   * 'any' and 'stream_exists' look the ids up by id instead, wherever they are in the stream.
   */
  append(streamId: string, expected: ExpectedState, events: ProposedEvent[]): AppendOutcome {
    const stream = this.streams.get(streamId);
    const current = stream ? BigInt(stream.length - 1) : -1n;
    const wrong = { result: 'wrong_expected_version', current: stream ? current : undefined } as const;
    if (expected === 'stream_exists' && !stream) return wrong;

    if (expected === 'any' || expected === 'stream_exists') {
      const found = events.map((event) => this.committed.get(event.eventId));
      const [first] = found;
      if (first?.streamId === streamId) {
        const last = found[found.length - 1];
        if (found.some((event) => event?.streamId !== streamId) || !last) return wrong;
        return { result: 'success', revision: last.revision, position: last.position };
      }
    } else {
      const after = expected === 'no_stream' ? -1n : expected;
      if (after > current) return wrong;
      if (after < current) return this.retried(stream ?? [], after, events) ?? wrong;
    }
    if (events.length === 0) return { result: 'success', revision: current, position: this.nextPosition };
    return this.write(streamId, current, events);
  }

  /** The outcome of an earlier append of `events` right after revision `after`, if it was made. */
  private retried(stream: LoggedEvent[], after: bigint, events: ProposedEvent[]): AppendOutcome | undefined {
    const stored = events.map((event, i) => stream[Number(after) + 1 + i]);
    const matches = events.every((event, i) => stored[i]?.eventId === event.eventId);
    const last = stored[stored.length - 1];
    return matches && last ? { result: 'success', revision: last.revision, position: last.position } : undefined;
  }

  private write(streamId: string, current: bigint, events: ProposedEvent[]): AppendOutcome {
    const stream = this.streams.get(streamId) ?? [];
    this.streams.set(streamId, stream);
    const created = BigInt(Date.now()) * TICKS_PER_MILLISECOND;
    const written = events.map((event, i) => {
      const logged: LoggedEvent = { ...event, streamId, revision: current + 1n + BigInt(i), created, position: this.nextPosition };
      this.nextPosition += RECORD_OVERHEAD + BigInt(streamId.length + event.type.length + event.data.length + event.metadata.length);
      return logged;
    });
    for (const event of written) {
      this.all.push(event);
      stream.push(event);
      this.committed.set(event.eventId, event);
    }
    this.listeners.forEach((listener) => listener());
    const last = written[written.length - 1];
    return { result: 'success', revision: last.revision, position: last.position };
  }
}
