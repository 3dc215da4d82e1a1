import { setTimeout as sleep } from 'node:timers/promises';
import { DatabaseError, Pool } from 'pg';
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
import { sealEvents, type SealedEvent, type StreamHead } from '../hash-chain';
import { KeyedQueue } from '../keyed-queue';
import { LruMap } from '../lru-map';
import { asRead } from '../reading';
import { CatchUpSubscription, DEFAULT_BATCH_SIZE } from '../subscription';
import { eventUpcaster, upcastEvent, type Upcaster } from '../upcasting';
import { NotificationListener } from './notification-listener';
import { AppendNotifier } from './notifier';

export type PostgresEventStoreOptions = (
  | {
      /** A pool the caller owns: `close()` leaves it open. */
      pool: Pool;
    }
  | { connectionString: string; poolSize?: number }
) & {
  upcaster?: Upcaster;
  /** How often an idle subscription reads anyway (default 500 ms); see `subscribe`. */
  pollIntervalMs?: number;
};

/**
 * Gap-safe global order (ARCHITECTURE.md decision 3). Transactions commit out of order, so
 * with a plain sequence a reader could see position 105 before 104 commits, and a checkpoint
 * at 105 would skip 104 for ever. Instead an append gives its events the
 * positions transaction id × 65536 + index, and readers only see events whose transaction is
 * older than the oldest one still running in their snapshot. All those transactions have
 * ended, and any transaction that writes later gets a larger id, so what a reader sees is
 * always a prefix of the final position order: resuming after the last position seen misses
 * nothing. (Transaction ids are 64-bit; × 65536 fits a bigint for 2^47 transactions.)
 */
/** Positions per transaction: room for any append (MAX_EVENTS_PER_APPEND). */
const POSITIONS_PER_TRANSACTION = 65536;
const VISIBLE_BELOW = `pg_snapshot_xmin(pg_current_snapshot())::text::bigint * ${POSITIONS_PER_TRANSACTION}`;

const COLUMNS = 'position, stream_id, revision, event_id, type, version, data, metadata, recorded_at';
/** COLUMNS with the bodies of events whose type is not in the text[] parameter `$n` left empty (ReadAllOptions.bodiesOf). */
const columnsWithBodiesOf = (n: number) =>
  `position, stream_id, revision, event_id, type, version,
   CASE WHEN type = ANY ($${n}::text[]) THEN data ELSE '{}'::jsonb END AS data,
   CASE WHEN type = ANY ($${n}::text[]) THEN metadata ELSE '{}'::jsonb END AS metadata, recorded_at`;

// int8 columns come back as strings
interface EventRow {
  position: string;
  stream_id: string;
  revision: string;
  event_id: string;
  type: string;
  version: number;
  data: StoredEvent['data'];
  metadata: StoredEvent['metadata'];
  recorded_at: Date;
}

const toStoredEvent = (row: EventRow): StoredEvent => ({
  eventId: row.event_id,
  type: row.type,
  version: row.version,
  streamId: row.stream_id,
  revision: BigInt(row.revision),
  position: BigInt(row.position),
  recordedAt: row.recorded_at.toISOString(),
  data: row.data,
  metadata: row.metadata,
});

/** A LIKE pattern matching ids that start with `prefix` (backslash is LIKE's escape). */
const likePrefix = (prefix: string) => `${prefix.replace(/[\\%_]/g, '\\$&')}%`;

const UNIQUE_VIOLATION = '23505';
/** The constraint an append on a stale head violates: its first revision is taken. */
const REVISION_TAKEN = 'events_stream_revision_key';
const EVENT_ID_TAKEN = 'events_event_id_key';
/** How often an append that accepts any head tries again after losing a race for it. */
const MAX_ATTEMPTS = 10;

const APPEND_COLUMNS = 8;

/**
 * The one statement of an append: the sealed events as the revisions after `headRevision`
 * (-1 for a new stream), positioned by this transaction's id. Plain VALUES rows rather than
 * unnested arrays (PostgreSQL parses jsonb arrays slowly), prepared once per connection and
 * event count. Exported for the test that holds an append's transaction open.
 */
export function appendStatement(streamId: string, headRevision: bigint, sealed: SealedEvent[]) {
  const rows = sealed.map((_, i) => {
    const p = (column: number) => `$${i * APPEND_COLUMNS + column}`;
    return `(pg_current_xact_id()::text::bigint * ${POSITIONS_PER_TRANSACTION} + ${i}, ${p(1)}, ${p(2)}::bigint, ${p(3)}::uuid, ${p(4)}, ${p(5)}::int, ${p(6)}::jsonb, ${p(7)}::jsonb, ${p(8)}::timestamptz)`;
  });
  return {
    name: `casebook_append_${sealed.length}`,
    text: `INSERT INTO events (position, stream_id, revision, event_id, type, version, data, metadata, recorded_at)
           VALUES ${rows.join(', ')} RETURNING position`,
    values: sealed.flatMap((event, i) => [
      streamId,
      (headRevision + BigInt(i) + 1n).toString(),
      event.eventId,
      event.type,
      event.version,
      JSON.stringify(event.data),
      JSON.stringify(event.metadata),
      event.recordedAt,
    ]),
  };
}

const revisionTaken = (error: unknown) =>
  error instanceof DatabaseError && error.code === UNIQUE_VIOLATION && error.constraint === REVISION_TAKEN;

const lostRaceForHead = (error: unknown, expected: ExpectedRevision) => revisionTaken(error) && (expected === 'any' || expected === 'exists');

/** Stream heads a store remembers (see appendOnHead). */
const KNOWN_HEADS = 10_000;

/**
 * The EventStore on PostgreSQL through plain `pg`. The schema comes from the migrations in
 * ./migrations. Subscriptions are woken by LISTEN/NOTIFY on one extra connection (outside
 * the pool) and also poll, since a notification can be missed and an event can become
 * visible without one, when an older transaction ends.
 */
export class PostgresEventStore implements EventStore {
  private readonly pool: Pool;
  private readonly ownsPool: boolean;
  private readonly upcaster: Upcaster;
  private readonly pollIntervalMs: number;
  private readonly listener: NotificationListener;
  private readonly subscriptions = new Set<CatchUpSubscription>();
  private readonly appendsByStream = new KeyedQueue();
  private readonly heads = new LruMap<string, StreamHead>(KNOWN_HEADS);
  private readonly liveReads = new Map<string, Promise<StoredEvent[]>>();
  private readonly notifier: AppendNotifier;
  private closed = false;

  constructor(options: PostgresEventStoreOptions) {
    if ('pool' in options) {
      this.pool = options.pool;
      this.ownsPool = false;
    } else {
      this.pool = new Pool({ connectionString: options.connectionString, max: options.poolSize ?? 10 });
      // The pool discards an idle connection that breaks; the next query reports a lasting problem.
      this.pool.on('error', () => undefined);
      this.ownsPool = true;
    }
    this.upcaster = options.upcaster ?? eventUpcaster;
    this.pollIntervalMs = options.pollIntervalMs ?? 500;
    this.notifier = new AppendNotifier(this.pool);
    this.listener = new NotificationListener(this.pool.options, () =>
      this.subscriptions.forEach((subscription) => subscription.wake()),
    );
  }

  /**
   * Reads the stream's head (unless 'no_stream' is expected), chains the events onto it, and
   * inserts them as the revisions after it. Appends to one stream from this store take turns:
   * at once, all but one would fail and retry.
   */
  async append(
    streamId: string,
    events: NewEvent[],
    { expectedRevision = 'any' }: { expectedRevision?: ExpectedRevision } = {},
  ): Promise<AppendResult> {
    assertAppendable(events);
    const result = await this.appendsByStream.run(streamId, () => this.appendInTurn(streamId, events, expectedRevision));
    this.notifier.appended();
    return result;
  }

  async readStream(
    streamId: string,
    { direction = 'forwards', from, max, raw = false }: ReadStreamOptions = {},
  ): Promise<StoredEvent[]> {
    const backwards = direction === 'backwards';
    const fromCondition = from === undefined ? '' : `AND revision ${backwards ? '<=' : '>='} $3`;
    const params = [streamId, max ?? null, ...(from === undefined ? [] : [from.toString()])];
    const { rows } = await this.pool.query<EventRow>(
      `SELECT ${COLUMNS} FROM events WHERE stream_id = $1 ${fromCondition}
        ORDER BY revision ${backwards ? 'DESC' : 'ASC'} LIMIT $2`,
      params,
    );
    const events = rows.map(toStoredEvent);
    const last = backwards ? events[0] : events[events.length - 1];
    if (last) this.learnHead(streamId, { revision: last.revision, hash: last.metadata.hash });
    return raw ? events : events.map((event) => upcastEvent(event, this.upcaster));
  }

  async readAll({ from, max, filter = {}, bodiesOf }: ReadAllOptions = {}): Promise<StoredEvent[]> {
    const withBodies = bodiesOf && new Set(bodiesOf);
    return (await this.readStored({ from, max, filter, bodiesOf })).map((event) => asRead(event, this.upcaster, withBodies));
  }

  /** readAll's events as stored (neither upcast nor hollowed). */
  private async readStored({ from, max, filter = {}, bodiesOf }: ReadAllOptions): Promise<StoredEvent[]> {
    const params: unknown[] = [(from ?? 0n).toString(), max ?? null];
    const conditions = ['position > $1', `position < ${VISIBLE_BELOW}`];
    if (filter.types?.length) {
      params.push(filter.types);
      conditions.push(`type = ANY ($${params.length}::text[])`);
    }
    if (filter.streamPrefixes?.length) {
      params.push(filter.streamPrefixes.map(likePrefix));
      conditions.push(`stream_id LIKE ANY ($${params.length}::text[])`);
    }
    let columns = COLUMNS;
    if (bodiesOf) {
      params.push(bodiesOf);
      columns = columnsWithBodiesOf(params.length);
    }
    const { rows } = await this.pool.query<EventRow>(
      `SELECT ${columns} FROM events WHERE ${conditions.join(' AND ')} ORDER BY position LIMIT $2`,
      params,
    );
    return rows.map(toStoredEvent);
  }

  /**
   * What the subscriptions woken by one announcement read: all from the same position, so one
   * query serves them all (the projections of a worker, the feed's streams). Each then hollows
   * and upcasts its own copy as readAll would.
   */
  private readLive(after: bigint | undefined, max: number, bodiesOf: readonly string[] | undefined): Promise<StoredEvent[]> {
    const key = `${after ?? 0n}/${max}`;
    let shared = this.liveReads.get(key);
    if (!shared) {
      shared = this.readStored({ from: after, max });
      this.liveReads.set(key, shared);
      const done = () => this.liveReads.delete(key);
      shared.then(done, done);
    }
    const withBodies = bodiesOf && new Set(bodiesOf);
    return shared.then((events) => events.map((event) => asRead(event, this.upcaster, withBodies)));
  }

  async headPosition(): Promise<bigint> {
    const { rows } = await this.pool.query<{ head: string }>(
      `SELECT coalesce(max(position), 0) AS head FROM events WHERE position < ${VISIBLE_BELOW}`,
    );
    return BigInt(rows[0].head);
  }

  async countAfter(position: bigint, max: number): Promise<number> {
    // The LIMIT bounds the walk along the primary key: a far-behind reader costs `max` rows at most.
    const { rows } = await this.pool.query<{ count: number }>(
      `SELECT count(*)::int AS count FROM (
         SELECT 1 FROM events WHERE position > $1 AND position < ${VISIBLE_BELOW} ORDER BY position LIMIT $2
       ) AS after`,
      [position.toString(), max],
    );
    return rows[0].count;
  }

  subscribe({ from, filter, batchSize = DEFAULT_BATCH_SIZE, bodiesOf }: SubscribeOptions = {}): Subscription {
    const subscription = new CatchUpSubscription(
      {
        // Listening before each read means no notification after the read started is missed.
        read: async (after, max, live) => {
          await this.listener.listen();
          const unfiltered = !filter?.types?.length && !filter?.streamPrefixes?.length;
          return live && unfiltered ? this.readLive(after, max, bodiesOf) : this.readAll({ from: after, max, filter, bodiesOf });
        },
        pollIntervalMs: this.pollIntervalMs,
      },
      from,
      batchSize,
      (closed) => this.subscriptions.delete(closed),
    );
    this.subscriptions.add(subscription);
    return subscription;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await Promise.all([...this.subscriptions].map((subscription) => subscription.close()));
    await this.listener.stop();
    if (this.ownsPool) await this.pool.end();
  }

  /**
   * Optimistically on the head just read. When another process moved the head in between,
   * an append that accepts any head ('any', 'exists') tries again on the new one.
   */
  private async appendInTurn(streamId: string, events: NewEvent[], expected: ExpectedRevision): Promise<AppendResult> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.appendOnHead(streamId, events, expected);
      } catch (error) {
        if (revisionTaken(error)) this.heads.delete(streamId); // someone else's events came first
        const retry = attempt < MAX_ATTEMPTS && lostRaceForHead(error, expected);
        if (!retry) return this.resolveConflict(streamId, events, expected, error);
        await sleep(Math.random() * attempt * 5);
      }
    }
  }

  /**
   * Chains the events onto the stream's head and inserts them as the revisions after it, in one
   * statement: one transaction, one round trip. The head is read first only when this store has
   * not seen it: after its own append or read of the stream (the command appending has usually
   * just read it), the revision and hash are known, and a stream that moved on since is caught by
   * the unique (stream, revision) as any race is.
   */
  private async appendOnHead(streamId: string, events: NewEvent[], expected: ExpectedRevision) {
    const head = expected === 'no_stream' ? undefined : (this.knownHead(streamId, expected) ?? (await this.readHead(streamId)));
    if (!revisionMatches(expected, head?.revision)) {
      throw new WrongExpectedRevisionError(streamId, expected, head?.revision ?? 'no_stream');
    }
    const headRevision = head?.revision ?? -1n;
    const sealed = sealEvents(streamId, head, events);
    const { rows } = await this.pool.query<{ position: string }>(appendStatement(streamId, headRevision, sealed));
    const position = rows.reduce((last, row) => (BigInt(row.position) > last ? BigInt(row.position) : last), 0n);
    const newHead = sealed[sealed.length - 1];
    this.learnHead(streamId, { revision: newHead.revision, hash: newHead.metadata.hash });
    return { nextRevision: newHead.revision, position };
  }

  /**
   * The head this store last saw, when it can serve the append: for an expected revision, only
   * that revision's. A stored event never changes, so a head once seen stays true; it may only
   * be behind.
   */
  private knownHead(streamId: string, expected: ExpectedRevision): StreamHead | undefined {
    const head = this.heads.get(streamId);
    return head && (typeof expected !== 'bigint' || head.revision === expected) ? head : undefined;
  }

  private learnHead(streamId: string, head: StreamHead): void {
    if (head.revision >= (this.heads.get(streamId)?.revision ?? -1n)) this.heads.set(streamId, head);
  }

  private async readHead(streamId: string): Promise<StreamHead | undefined> {
    const { rows } = await this.pool.query<{ revision: string; hash: string }>(
      `SELECT revision, metadata->>'hash' AS hash FROM events WHERE stream_id = $1 ORDER BY revision DESC LIMIT 1`,
      [streamId],
    );
    const [row] = rows;
    return row ? { revision: BigInt(row.revision), hash: row.hash } : undefined;
  }

  /** The answer to a failed append: that of an earlier append of the same events, if any, else an error of the port. */
  private async resolveConflict(streamId: string, events: NewEvent[], expected: ExpectedRevision, error: unknown) {
    if (error instanceof WrongExpectedRevisionError) return this.earlierAppendOr(streamId, events, error);
    if (!(error instanceof DatabaseError)) throw error;
    switch (error.code) {
      case UNIQUE_VIOLATION:
        if (error.constraint === REVISION_TAKEN) {
          const actual = (await this.readHead(streamId))?.revision ?? 'no_stream';
          return this.earlierAppendOr(streamId, events, new WrongExpectedRevisionError(streamId, expected, actual));
        }
        // The same ids appended before (a retried command) or concurrently.
        if (error.constraint === EVENT_ID_TAKEN) return this.earlierAppendOr(streamId, events, error);
    }
    throw error;
  }

  /** An append that failed may be the retry of one that succeeded: then that one's result is the answer. */
  private async earlierAppendOr(streamId: string, events: NewEvent[], conflict: unknown): Promise<AppendResult> {
    // One row per event id, in order: the event stored under it, or nulls.
    const { rows } = await this.pool.query<{ stream_id: string | null; revision: string; position: string }>(
      `SELECT e.stream_id, e.revision, e.position
         FROM unnest($1::uuid[]) WITH ORDINALITY AS ids (event_id, n) LEFT JOIN events e USING (event_id)
        ORDER BY ids.n`,
      [events.map((event) => event.eventId)],
    );
    const stored = rows.map((row) =>
      row.stream_id === null ? undefined : { streamId: row.stream_id, revision: BigInt(row.revision), position: BigInt(row.position) },
    );
    const earlier = earlierAppendResult(streamId, stored);
    if (!earlier) throw conflict;
    return earlier;
  }

}
