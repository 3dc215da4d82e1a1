import { assertAppendable, earlierAppendResult, revisionMatches } from '../append-checks';
import {
  WrongExpectedRevisionError,
  type AppendResult,
  type EventStore,
  type ExpectedRevision,
  type NewEvent,
  type ReadAllOptions,
  type ReadStreamOptions,
  type StoredEvent,
  type SubscribeOptions,
  type Subscription,
} from '../event-store.port';
import { sealEvents } from '../hash-chain';
import { asRead, matchesFilter } from '../reading';
import { CatchUpSubscription, DEFAULT_BATCH_SIZE } from '../subscription';
import { eventUpcaster, upcastEvent, type Upcaster } from '../upcasting';

/**
 * The EventStore in process memory, with the PostgreSQL store's semantics, for fast tests.
 * Positions are 1, 2, 3…; every event is visible as soon as its append returns. Reads return
 * copies, so callers cannot change what is stored.
 */
export class InMemoryEventStore implements EventStore {
  private readonly all: StoredEvent[] = [];
  private readonly streams = new Map<string, StoredEvent[]>();
  private readonly byId = new Map<string, StoredEvent>();
  private readonly subscriptions = new Set<CatchUpSubscription>();
  private readonly upcaster: Upcaster;

  constructor(options: { upcaster?: Upcaster } = {}) {
    this.upcaster = options.upcaster ?? eventUpcaster;
  }

  async append(
    streamId: string,
    events: NewEvent[],
    { expectedRevision = 'any' }: { expectedRevision?: ExpectedRevision } = {},
  ): Promise<AppendResult> {
    assertAppendable(events);
    const earlier = earlierAppendResult(streamId, events.map((event) => this.byId.get(event.eventId)));
    if (earlier) return earlier;
    const head = this.streams.get(streamId)?.at(-1);
    if (!revisionMatches(expectedRevision, head?.revision)) {
      throw new WrongExpectedRevisionError(streamId, expectedRevision, head?.revision ?? 'no_stream');
    }
    const sealed = sealEvents(streamId, head && { revision: head.revision, hash: head.metadata.hash }, events);
    const stream = this.streams.get(streamId) ?? [];
    this.streams.set(streamId, stream);
    for (const event of sealed) {
      const storedEvent = { ...event, position: BigInt(this.all.length + 1) };
      this.all.push(storedEvent);
      stream.push(storedEvent);
      this.byId.set(storedEvent.eventId, storedEvent);
    }
    this.subscriptions.forEach((subscription) => subscription.wake());
    const last = stream[stream.length - 1];
    return { nextRevision: last.revision, position: last.position };
  }

  async readStream(streamId: string, options: ReadStreamOptions = {}): Promise<StoredEvent[]> {
    const stream = this.streams.get(streamId) ?? [];
    const backwards = options.direction === 'backwards';
    const from = options.from;
    const selected = backwards
      ? stream.filter((event) => from === undefined || event.revision <= from).reverse()
      : stream.filter((event) => from === undefined || event.revision >= from);
    const events = selected.slice(0, options.max).map((event) => structuredClone(event));
    return options.raw ? events : events.map((event) => upcastEvent(event, this.upcaster));
  }

  async readAll(options: ReadAllOptions = {}): Promise<StoredEvent[]> {
    const events: StoredEvent[] = [];
    const max = options.max ?? Infinity;
    // Positions are 1-based indexes into `all`: reading after position p starts at index p.
    const withBodies = options.bodiesOf && new Set(options.bodiesOf);
    for (let i = Number(options.from ?? 0n); i < this.all.length && events.length < max; i++) {
      const event = this.all[i];
      if (matchesFilter(event, options.filter)) events.push(asRead(structuredClone(event), this.upcaster, withBodies));
    }
    return events;
  }

  async headPosition(): Promise<bigint> {
    return BigInt(this.all.length);
  }

  async countAfter(position: bigint, max: number): Promise<number> {
    return Math.max(0, Math.min(max, this.all.length - Number(position)));
  }

  subscribe(options: SubscribeOptions = {}): Subscription {
    const subscription = new CatchUpSubscription(
      { read: (from, max) => this.readAll({ from, max, filter: options.filter, bodiesOf: options.bodiesOf }) },
      options.from,
      options.batchSize ?? DEFAULT_BATCH_SIZE,
      (closed) => this.subscriptions.delete(closed),
    );
    this.subscriptions.add(subscription);
    return subscription;
  }

  async close(): Promise<void> {
    await Promise.all([...this.subscriptions].map((subscription) => subscription.close()));
  }

}
