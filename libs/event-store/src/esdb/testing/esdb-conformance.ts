import { randomUUID } from 'node:crypto';
import {
  BACKWARDS,
  END,
  EventStoreDBClient,
  eventTypeFilter,
  excludeSystemEvents,
  jsonEvent,
  START,
  StreamNotFoundError,
  streamNameFilter,
  WrongExpectedVersionError,
  type AllStreamResolvedEvent,
  type AllStreamSubscription,
  type AppendExpectedRevision,
  type Filter,
  type JSONEventData,
  type ResolvedEvent,
} from '@eventstore/db-client';

/**
 * What EventStoreDB's Node client returns and throws, as its documentation and its own test
 * suite (EventStore/EventStore-Client-NodeJS, packages/test/src/streams) describe them, and
 * the server behaviour the Casebook adapter relies on. Written against the client only, so
 * that it runs unchanged against the test server and against a real server
 * (EVENTSTORE_CONNECTION_STRING); other writers may share a real server, so every test uses
 * streams of its own and looks only at them.
 *
 * "The docs" below: developers.eventstore.com, clients/grpc, "Appending events" (section
 * "Handling concurrency", and "Optimistic concurrency and idempotence" in the 21.x pages
 * it replaced), "Reading events" and "Catch-up subscriptions".
 */
export function describeEsdbConformance(name: string, connectionString: () => string): void {
  describe(`${name} (EventStoreDB client conformance)`, () => {
    let client: EventStoreDBClient;
    let prefix: string;
    const stream = (name: string) => `${prefix}${name}`;

    beforeEach(() => {
      client = EventStoreDBClient.connectionString(connectionString());
      prefix = `conformance-${randomUUID().slice(0, 8)}-`;
    });
    afterEach(() => client.dispose());

    const appendError = (streamName: string, events: JSONEventData[], expectedRevision: AppendExpectedRevision) =>
      client.appendToStream(streamName, events, { expectedRevision }).then(
        () => undefined,
        (error: unknown) => error,
      );

    describe('appendToStream', () => {
      it('returns the next expected revision and the position of the last event appended', async () => {
        const result = await client.appendToStream(stream('a'), testEvents(3), { expectedRevision: 'no_stream' });
        const read = await readStream(client, stream('a'));

        expect(result).toEqual({ success: true, nextExpectedRevision: 2n, position: read[2].position });
        expect(read.map((event) => event.revision)).toEqual([0n, 1n, 2n]);
      });

      it('gives every event appended through gRPC equal commit and prepare positions', async () => {
        // The server writes each event of an append as a self-committed prepare
        // (StorageWriterService), positioned at its own offset (AllReader): Casebook's
        // positions rely on it.
        await client.appendToStream(stream('a'), testEvents(3));
        const events = await readOurs(client, prefix);
        expect(events).toHaveLength(3);
        for (const { position } of events) {
          expect(typeof position.commit).toBe('bigint');
          expect(position.prepare).toBe(position.commit);
        }
      });

      it('throws WrongExpectedVersionError with the stream revision expected and the actual one', async () => {
        await client.appendToStream(stream('a'), testEvents(2));
        expect(await appendError(stream('a'), testEvents(1), 'no_stream')).toMatchObject(
          wrongVersion(stream('a'), 'no_stream', 1n),
        );
        expect(await appendError(stream('a'), testEvents(1), 0n)).toMatchObject(wrongVersion(stream('a'), 0n, 1n));
        expect(await appendError(stream('a'), testEvents(1), 5n)).toMatchObject(wrongVersion(stream('a'), 5n, 1n));
        expect(await appendError(stream('b'), testEvents(1), 0n)).toMatchObject(wrongVersion(stream('b'), 0n, 'no_stream'));
        expect(await appendError(stream('b'), testEvents(1), 'stream_exists')).toMatchObject(
          wrongVersion(stream('b'), 'stream_exists', 'no_stream'),
        );
        expect(await readStream(client, stream('a'))).toHaveLength(2);
      });

      it("appends with 'any' and 'stream_exists' whatever the revision", async () => {
        expect(await client.appendToStream(stream('a'), testEvents(1), { expectedRevision: 'any' })).toMatchObject({ nextExpectedRevision: 0n });
        expect(await client.appendToStream(stream('a'), testEvents(2), { expectedRevision: 'stream_exists' })).toMatchObject({
          nextExpectedRevision: 2n,
        });
      });

      it('succeeds again without writing when an append is repeated at the same expected revision', async () => {
        const events = testEvents(2);
        const first = await client.appendToStream(stream('a'), events, { expectedRevision: 'no_stream' });
        await client.appendToStream(stream('a'), testEvents(1));

        // The docs: expected revision lower than the current one, and the events after it
        // are these → acknowledged, nothing appended.
        expect(await client.appendToStream(stream('a'), events, { expectedRevision: 'no_stream' })).toEqual(first);
        // 'any' looks the ids up instead (the docs: not guaranteed, by a cache of recent ids).
        expect(await client.appendToStream(stream('a'), events, { expectedRevision: 'any' })).toEqual(first);
        expect(await readStream(client, stream('a'))).toHaveLength(3);
      });

      it('refuses an append whose events were appended there in part', async () => {
        const events = testEvents(2);
        await client.appendToStream(stream('a'), events.slice(0, 1), { expectedRevision: 'no_stream' });
        // The docs: "Some of the events were previously committed" → WrongExpectedVersion.
        expect(await appendError(stream('a'), events, 'no_stream')).toBeInstanceOf(WrongExpectedVersionError);
        expect(await readStream(client, stream('a'))).toHaveLength(1);
      });

      it('appends the same ids again at the current revision, and in another stream', async () => {
        const events = testEvents(1);
        await client.appendToStream(stream('a'), events, { expectedRevision: 'no_stream' });
        // The docs: expected revision equal to the current one → the events are appended; and
        // "It is possible to reuse an EventId across streams".
        expect(await client.appendToStream(stream('a'), events, { expectedRevision: 0n })).toMatchObject({ nextExpectedRevision: 1n });
        expect(await client.appendToStream(stream('b'), events, { expectedRevision: 'no_stream' })).toMatchObject({
          nextExpectedRevision: 0n,
        });
        expect((await readStream(client, stream('a'))).map((event) => event.id)).toEqual([events[0].id, events[0].id]);
      });
    });

    describe('readStream', () => {
      it('throws StreamNotFoundError for a stream without events', async () => {
        await expect(readStream(client, stream('none'))).rejects.toBeInstanceOf(StreamNotFoundError);
      });

      it('reads forwards and backwards from a revision, at most maxCount events, each as appended', async () => {
        const events = testEvents(5);
        await client.appendToStream(stream('a'), events);
        const revisions = async (options: Parameters<EventStoreDBClient['readStream']>[1]) =>
          (await readStream(client, stream('a'), options)).map((event) => event.revision);

        expect(await revisions({ fromRevision: 2n })).toEqual([2n, 3n, 4n]);
        expect(await revisions({ fromRevision: 1n, maxCount: 2 })).toEqual([1n, 2n]);
        expect(await revisions({ direction: BACKWARDS, fromRevision: END })).toEqual([4n, 3n, 2n, 1n, 0n]);
        expect(await revisions({ direction: BACKWARDS, fromRevision: 2n })).toEqual([2n, 1n, 0n]);
        expect(await revisions({ fromRevision: 9n })).toEqual([]);

        const [first] = await readStream(client, stream('a'));
        expect(first).toMatchObject({
          streamId: stream('a'),
          id: events[0].id,
          type: events[0].type,
          revision: 0n,
          isJson: true,
          data: events[0].data,
          metadata: events[0].metadata,
        });
        expect(first.created).toBeInstanceOf(Date);
      });
    });

    describe('readAll', () => {
      it('reads $all in append order; forwards from a position, starting with the event at it, backwards, before it', async () => {
        await client.appendToStream(stream('a'), testEvents(2));
        await client.appendToStream(stream('b'), testEvents(1));
        const ours = await readOurs(client, prefix);
        expect(ours.map((event) => event.streamId)).toEqual([stream('a'), stream('a'), stream('b')]);
        expect(ours[0].position.commit < ours[1].position.commit && ours[1].position.commit < ours[2].position.commit).toBe(true);

        const fromSecond = await collect(client.readAll({ fromPosition: ours[1].position, maxCount: 2 }));
        expect(fromSecond.map(({ event }) => event?.id)).toEqual([ours[1].id, ours[2].id]);
        const beforeLast = await collect(client.readAll({ direction: BACKWARDS, fromPosition: ours[2].position, maxCount: 2 }));
        expect(beforeLast.map(({ event }) => event?.id)).toEqual([ours[1].id, ours[0].id]);
        const [last] = await collect(client.readAll({ direction: BACKWARDS, fromPosition: END, maxCount: 1 }));
        expect(last.event!.position.commit >= ours[2].position.commit).toBe(true);
      });

      it('keeps the events of one append together, whatever is appended alongside', async () => {
        const other = EventStoreDBClient.connectionString(connectionString());
        try {
          await Promise.all(
            Array.from({ length: 10 }, (_, i) => (i % 2 ? client : other).appendToStream(stream(`s${i}`), testEvents(5))),
          );
        } finally {
          await other.dispose();
        }
        const ours = await readOurs(client, prefix);
        expect(ours).toHaveLength(50);
        for (let i = 0; i < 50; i += 5) {
          expect(new Set(ours.slice(i, i + 5).map((event) => event.streamId)).size).toBe(1);
        }
      });

      it("includes system events, whose types begin with '$'", async () => {
        await client.appendToStream(stream('a'), testEvents(1));
        // Setting stream metadata appends a `$metadata` event to the stream `$$<stream>`.
        await client.setStreamMetadata(stream('a'), { maxCount: 10 });
        const [metadata] = await collect(client.readAll({ direction: BACKWARDS, fromPosition: END, maxCount: 1 }));
        expect(metadata.event).toMatchObject({ streamId: `$$${stream('a')}`, type: '$metadata' });
      });
    });

    describe('subscribeToAll', () => {
      it('confirms, catches up, says so, then delivers events as they are appended', async () => {
        await client.appendToStream(stream('a'), testEvents(2));
        const [first] = await readOurs(client, prefix);
        const subscription = client.subscribeToAll({ fromPosition: START, filter: streamNameFilter({ prefixes: [prefix] }) });
        const confirmed = new Promise((resolve) => subscription.once('confirmation', resolve));
        const caughtUp = new Promise((resolve) => subscription.once('caughtUp', resolve));
        const received = receive(subscription);

        await confirmed;
        await caughtUp; // servers from 23.10 on
        await client.appendToStream(stream('b'), testEvents(1));
        expect((await received.until(3)).map(({ event }) => event?.streamId)).toEqual([stream('a'), stream('a'), stream('b')]);
        expect(received.events[0].event?.id).toBe(first.id);
      });

      it('starts after the event at the position given', async () => {
        await client.appendToStream(stream('a'), testEvents(3));
        const ours = await readOurs(client, prefix);
        const subscription = client.subscribeToAll({ fromPosition: ours[0].position, filter: streamNameFilter({ prefixes: [prefix] }) });
        const received = await receive(subscription).until(2);
        expect(received.map(({ event }) => event?.id)).toEqual([ours[1].id, ours[2].id]);
      });

      it('filters on stream name prefixes, on an event type regex, and leaves out system events', async () => {
        const [kept, other] = [`${prefix}Kept`, `${prefix}Other`];
        const marker = await client.appendToStream(stream('marker'), testEvents(1));
        await client.appendToStream(stream('a'), [...testEvents(1, kept), ...testEvents(1, other)]);
        await client.setStreamMetadata(stream('a'), { maxCount: 10 });
        await client.appendToStream(stream('b'), testEvents(1, kept));
        const subscribe = (filter: Filter) => client.subscribeToAll({ fromPosition: marker.position!, filter });

        const byType = await receive(subscribe(eventTypeFilter({ regex: `^${kept}$` }))).until(2);
        expect(byType.map(({ event }) => event?.streamId)).toEqual([stream('a'), stream('b')]);

        const byStream = await receive(subscribe(streamNameFilter({ prefixes: [stream('a')] }))).until(2);
        expect(byStream.map(({ event }) => event?.type)).toEqual([kept, other]);

        const noSystem = await receive(subscribe(excludeSystemEvents())).until((events) =>
          events.some(({ event }) => event?.streamId === stream('b')),
        );
        expect(noSystem.every(({ event }) => !event?.type.startsWith('$'))).toBe(true);
        expect(noSystem.filter(({ event }) => event?.streamId.startsWith(prefix)).map(({ event }) => event?.type)).toEqual([
          kept,
          other,
          kept,
        ]);
      });

      it('reports checkpoints of a filtered subscription, at or after the events delivered before them', async () => {
        const wanted = `${prefix}Wanted`;
        const start = await client.appendToStream(stream('a'), testEvents(1, wanted));
        for (let i = 0; i < 4; i++) await client.appendToStream(stream('a'), testEvents(100));
        await client.appendToStream(stream('a'), testEvents(1, wanted));

        // In order of arrival: the position of each event delivered, and of each checkpoint.
        const seen: { checkpoint: boolean; commit: bigint }[] = [];
        const subscription = client.subscribeToAll({
          fromPosition: START,
          filter: eventTypeFilter({
            regex: `^${wanted}$`,
            checkpointInterval: 1,
            checkpointReached: (_subscription, { commit }) => void seen.push({ checkpoint: true, commit }),
          }),
        });
        await new Promise<void>((resolve, reject) => {
          subscription.on('error', reject);
          subscription.on('data', ({ event }: AllStreamResolvedEvent) => {
            seen.push({ checkpoint: false, commit: event!.position.commit });
            if (seen.filter((entry) => !entry.checkpoint).length === 2) resolve();
          });
        });
        await subscription.unsubscribe();

        // The server checkpoints every checkpointInterval × 32 events it considers.
        const checkpoints = seen.filter((entry) => entry.checkpoint);
        expect(checkpoints.filter(({ commit }) => commit > start.position!.commit).length).toBeGreaterThanOrEqual(10);
        seen.forEach((entry, i) => {
          if (!entry.checkpoint) return;
          expect(typeof entry.commit).toBe('bigint');
          expect(seen.slice(0, i).every((before) => before.commit <= entry.commit)).toBe(true);
        });
      });
    });
  });
}

/** Events of a type the tests that filter on types make their own. */
function testEvents(count: number, type = 'ConformanceTested'): JSONEventData[] {
  return Array.from({ length: count }, (_, i) =>
    jsonEvent({ id: randomUUID(), type, data: { index: i, note: '张三 "quoted"' }, metadata: { source: 'conformance' } }),
  );
}

const wrongVersion = (streamName: string, expectedVersion: unknown, actualVersion: unknown) =>
  expect.objectContaining({ constructor: WrongExpectedVersionError, streamName, expectedVersion, actualVersion });

async function collect<T>(reads: AsyncIterable<T>): Promise<T[]> {
  const all: T[] = [];
  for await (const read of reads) all.push(read);
  return all;
}

async function readStream(client: EventStoreDBClient, streamName: string, options?: Parameters<EventStoreDBClient['readStream']>[1]) {
  return (await collect(client.readStream(streamName, options))).map(({ event }) => event!);
}

/** This test's events of `$all`, in order. */
async function readOurs(client: EventStoreDBClient, prefix: string) {
  const all = await collect(client.readAll());
  return all.flatMap(({ event }) => (event?.streamId.startsWith(prefix) ? [event] : []));
}

/** Collects a subscription's events until `done` says so (or a count is reached), then unsubscribes. */
function receive(subscription: AllStreamSubscription) {
  const events: ResolvedEvent[] = [];
  const until = async (done: number | ((events: ResolvedEvent[]) => boolean)) => {
    const finished = typeof done === 'number' ? () => events.length >= done : () => done(events);
    try {
      for await (const resolved of subscription) {
        events.push(resolved);
        if (finished()) break;
      }
    } finally {
      await subscription.unsubscribe();
    }
    return events;
  };
  return { events, until };
}
