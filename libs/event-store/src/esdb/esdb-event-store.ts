import { setTimeout as sleep } from 'node:timers/promises';
import {
  BACKWARDS,
  END,
  EventStoreDBClient,
  FORWARDS,
  START,
  StreamNotFoundError,
  WrongExpectedVersionError,
  type AllStreamResolvedEvent,
  type ReadPosition,
} from '@eventstore/db-client';
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
import { sealEvents, type StreamHead } from '../hash-chain';
import { KeyedQueue } from '../keyed-queue';
import { asRead, matchesFilter } from '../reading';
import { eventUpcaster, upcastEvent, type Upcaster } from '../upcasting';
import { isSystemEvent, serverFilter, toEventData, toStoredEvent } from './esdb-events';
import { esdbPosition, portPosition } from './esdb-positions';
import { EsdbSubscription } from './esdb-subscription';
import { KnownStreams, knownStream, NEW_STREAM, type KnownStream } from './known-streams';

export interface EsdbEventStoreOptions {
  /** E.g. `esdb://localhost:2113?tls=false`; see EventStoreDB's client documentation. */
  connectionString: string;
  upcaster?: Upcaster;
}

/** Events of `$all` per read while paging through it. */
const PAGE_SIZE = 500;
/** How often an append that accepts any head tries again after another process moved it. */
const MAX_ATTEMPTS = 10;
/** Streams whose head and event ids an append may take as known (a few MB at most). */
const KNOWN_STREAMS = 1000;

/**
 * The EventStore on EventStoreDB through `@eventstore/db-client` (ARCHITECTURE.md decision
 * 11). Positions are EventStoreDB's own log offsets: see esdb-positions.ts for how they map
 * and why checkpoints stay exact. System events (types beginning with `$`) are left out of
 * every read of `$all`, and of headPosition and countAfter, so a reader that has seen the
 * last event it can read has reached the head.
 *
 * Appends. EventStoreDB checks the expected revision and makes a repeated append of the
 * same event ids at the same expected revision a no-op, but the port promises more: an
 * append of ids already anywhere in the stream returns the original result, whatever the
 * expected revision (a command retried after its first attempt's answer was lost is
 * re-decided on the current head, with the same derived ids). So an append checks the ids
 * against the stream's and chains the events onto its head, both as this process last read
 * or wrote them (KnownStreams: the command appending has usually just read the stream), and
 * appends them with that head's revision as the expected one, in one call whatever their
 * number. If the stream has moved since, EventStoreDB refuses the append, and it is decided
 * again on the stream read afresh.
 * EventStoreDB scopes event ids to a stream (its documentation: "It is possible to reuse an
 * EventId across streams"), so unlike the PostgreSQL store this one does not refuse ids
 * already used in another stream (DuplicateEventIdError covers ids stored partly).
 *
 * Personal data stays out of the store: events carry it sealed by the PersonalDataVault on
 * PostgreSQL, whatever the store.
 */
export class EsdbEventStore implements EventStore {
  private readonly client: EventStoreDBClient;
  private readonly upcaster: Upcaster;
  private readonly subscriptions = new Set<EsdbSubscription>();
  private readonly appendsByStream = new KeyedQueue();
  private readonly knownStreams = new KnownStreams(KNOWN_STREAMS);
  private closed = false;

  constructor(options: EsdbEventStoreOptions) {
    this.client = EventStoreDBClient.connectionString(options.connectionString);
    this.upcaster = options.upcaster ?? eventUpcaster;
  }

  /** Appends to one stream from this store take turns: at once, all but one would start over. */
  async append(
    streamId: string,
    events: NewEvent[],
    { expectedRevision = 'any' }: { expectedRevision?: ExpectedRevision } = {},
  ): Promise<AppendResult> {
    assertAppendable(events);
    return this.appendsByStream.run(streamId, () => this.appendInTurn(streamId, events, expectedRevision));
  }

  /** A read of a whole stream also tells the next append to it what it needs (KnownStreams). */
  async readStream(streamId: string, { direction = 'forwards', from, max, raw = false }: ReadStreamOptions = {}): Promise<StoredEvent[]> {
    const backwards = direction === 'backwards';
    const whole = !backwards && !from && max === undefined;
    const events = whole
      ? await this.readWholeStream(streamId)
      : await this.readRawStream(streamId, {
          direction: backwards ? BACKWARDS : FORWARDS,
          fromRevision: from ?? (backwards ? END : START),
          maxCount: max ?? Number.MAX_SAFE_INTEGER,
        });
    return raw ? events : events.map((event) => upcastEvent(event, this.upcaster));
  }

  async readAll({ from, max = Number.MAX_SAFE_INTEGER, filter, bodiesOf }: ReadAllOptions = {}): Promise<StoredEvent[]> {
    const withBodies = bodiesOf && new Set(bodiesOf);
    const events: StoredEvent[] = [];
    for await (const event of this.eventsAfter(from)) {
      if (events.length >= max) break;
      if (matchesFilter(event, filter)) events.push(asRead(event, this.upcaster, withBodies));
    }
    return events;
  }

  async headPosition(): Promise<bigint> {
    let before: ReadPosition = END;
    for (;;) {
      const page = await this.readAllPage(before, BACKWARDS);
      const last = page.find((resolved) => !isSystemEvent(resolved.event!));
      if (last) return portPosition(last.event!.position, 'the last event');
      if (page.length < PAGE_SIZE) return 0n;
      before = page[page.length - 1].event!.position;
    }
  }

  async countAfter(position: bigint, max: number): Promise<number> {
    let count = 0;
    for await (const _ of this.eventsAfter(position)) {
      if (count >= max) break;
      count++;
    }
    return count;
  }

  /**
   * A native catch-up subscription to `$all`, filtered on the server (see serverFilter) and
   * resubscribing by itself when it drops (see EsdbSubscription). `batchSize` does not
   * apply: the server sends events as the subscriber takes them.
   */
  subscribe({ from, filter, bodiesOf }: SubscribeOptions = {}): Subscription {
    const withBodies = bodiesOf && new Set(bodiesOf);
    const subscription = new EsdbSubscription(
      {
        subscribe: (after) => this.client.subscribeToAll({ fromPosition: esdbPosition(after), filter: serverFilter(filter) }),
        read: ({ event }) => {
          if (!event || isSystemEvent(event) || !matchesFilter(event, filter)) return undefined;
          return asRead(toStoredEvent(event), this.upcaster, withBodies);
        },
      },
      from,
      (closed) => this.subscriptions.delete(closed),
    );
    this.subscriptions.add(subscription);
    return subscription;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await Promise.all([...this.subscriptions].map((subscription) => subscription.close()));
    await this.client.dispose();
  }

  /**
   * On what is known of the stream (KnownStreams; a stream expected not to exist is taken
   * not to, which EventStoreDB checks), else on the stream read afresh: ids already there
   * mean an earlier append of these events; otherwise the events are chained onto the head
   * and appended with its revision as the expected one. When that fails, or the port's
   * expected revision does not match what is known, the stream is read afresh and the
   * append decided again.
   */
  private async appendInTurn(streamId: string, events: NewEvent[], expected: ExpectedRevision): Promise<AppendResult> {
    let known = this.knownStreams.get(streamId) ?? (expected === 'no_stream' ? NEW_STREAM : undefined);
    let fresh = false;
    const readAfresh = async () => {
      const stream = await this.readWholeStream(streamId);
      known = knownStream(stream);
      fresh = true;
      return stream;
    };
    if (!known) await readAfresh();
    for (let attempt = 1; ; attempt++) {
      if (events.some((event) => known!.eventIds.has(event.eventId))) {
        const byId = new Map((await readAfresh()).map((event) => [event.eventId, event]));
        const earlier = earlierAppendResult(streamId, events.map((event) => byId.get(event.eventId)));
        if (earlier) return earlier;
        continue;
      }
      const revision = known!.head?.revision;
      if (!revisionMatches(expected, revision)) {
        if (fresh) throw new WrongExpectedRevisionError(streamId, expected, revision ?? 'no_stream');
        await readAfresh();
        continue;
      }
      const head = await this.chainHead(streamId, known!);
      if (head === 'moved') {
        await readAfresh();
        continue;
      }
      const sealed = sealEvents(streamId, head, events);
      try {
        const result = await this.client.appendToStream(streamId, sealed.map(toEventData), { expectedRevision: revision ?? 'no_stream' });
        // Not the hash just computed: a success may be EventStoreDB finding these ids already
        // appended after the expected revision (another process's retry of the same command),
        // stored with other content; the next append reads the head's hash.
        this.knownStreams.set(streamId, {
          head: { revision: result.nextExpectedRevision },
          eventIds: new Set([...known!.eventIds, ...events.map((event) => event.eventId)]),
        });
        return { nextRevision: result.nextExpectedRevision, position: portPosition(result.position, `the append to ${streamId}`) };
      } catch (error) {
        if (!(error instanceof WrongExpectedVersionError) || attempt >= MAX_ATTEMPTS) throw error;
        // Another process moved the head; after a second such race, let it finish first.
        if (fresh) await sleep(Math.random() * attempt * 5);
        await readAfresh();
      }
    }
  }

  /** The head to chain onto, its hash read when only its revision is known; 'moved' when it is no longer the head. */
  private async chainHead(streamId: string, { head }: KnownStream): Promise<StreamHead | undefined | 'moved'> {
    if (!head || head.hash !== undefined) return head as StreamHead | undefined;
    const [last] = await this.readRawStream(streamId, { direction: BACKWARDS, fromRevision: END, maxCount: 1 });
    return last?.revision === head.revision ? { revision: last.revision, hash: last.metadata.hash } : 'moved';
  }

  private async readWholeStream(streamId: string): Promise<StoredEvent[]> {
    const events = await this.readRawStream(streamId, { direction: FORWARDS, fromRevision: START, maxCount: Number.MAX_SAFE_INTEGER });
    this.knownStreams.set(streamId, knownStream(events));
    return events;
  }

  /** A stream's events as stored (not upcast); an unknown stream has none. */
  private async readRawStream(streamId: string, options: Parameters<EventStoreDBClient['readStream']>[1]): Promise<StoredEvent[]> {
    const events: StoredEvent[] = [];
    try {
      for await (const { event } of this.client.readStream(streamId, options)) events.push(toStoredEvent(event!));
    } catch (error) {
      if (error instanceof StreamNotFoundError) return [];
      throw error;
    }
    return events;
  }

  /** Casebook's events of `$all` after a position (exclusive), as stored, page by page. */
  private async *eventsAfter(position: bigint | undefined): AsyncGenerator<StoredEvent> {
    let from = esdbPosition(position);
    for (;;) {
      const page = await this.readAllPage(from, FORWARDS);
      // A read from a position includes the event at it.
      const after = page.filter((resolved) => portPosition(resolved.event!.position, 'an event of $all') !== position);
      for (const resolved of after) if (!isSystemEvent(resolved.event!)) yield toStoredEvent(resolved.event!);
      if (page.length < PAGE_SIZE) return;
      from = page[page.length - 1].event!.position;
      position = portPosition(from, 'an event of $all');
    }
  }

  private async readAllPage(from: ReadPosition, direction: typeof FORWARDS | typeof BACKWARDS): Promise<AllStreamResolvedEvent[]> {
    const page: AllStreamResolvedEvent[] = [];
    for await (const resolved of this.client.readAll({ fromPosition: from, direction, maxCount: PAGE_SIZE })) page.push(resolved);
    return page;
  }
}
