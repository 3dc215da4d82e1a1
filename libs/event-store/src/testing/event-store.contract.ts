import { randomUUID } from 'node:crypto';
import {
  DuplicateEventIdError,
  WrongExpectedRevisionError,
  type EventStore,
  type NewEvent,
  type StoredEvent,
  type Subscription,
} from '../event-store.port';
import { GENESIS_HASH, verifyChain } from '../hash-chain';

export interface EventStoreFixture {
  store: EventStore;
  cleanup(): Promise<void>;
}

export const newEvent = (overrides: Partial<NewEvent> = {}): NewEvent => ({
  eventId: randomUUID(),
  type: 'ThingHappened',
  version: 1,
  data: { note: 'quote " backslash \\ 张三 😀', nested: { b: 2, a: [1.5, 'x', null, true] } },
  metadata: {
    actorId: 'staff-1',
    actorRole: 'agent',
    commandId: randomUUID(),
    correlationId: randomUUID(),
    causationId: randomUUID(),
  },
  recordedAt: new Date().toISOString(),
  ...overrides,
});

export const newEvents = (count: number, overrides: Partial<NewEvent> = {}) =>
  Array.from({ length: count }, () => newEvent(overrides));

/** A stream id prefix of one's own: the store may hold other tests' events. */
export const uniquePrefix = () => `t${randomUUID().slice(0, 8)}-`;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export async function until(condition: () => boolean | Promise<boolean>, what: string, timeoutMs = 10_000): Promise<void> {
  for (let waited = 0; !(await condition()); waited += 10) {
    if (waited > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await sleep(10);
  }
}

/**
 * readAll may show an appended event only later (a PostgreSQL store waits for older
 * transactions, even other databases' ones): wait until `position` is visible.
 */
export const untilVisible = (store: EventStore, position: bigint) =>
  until(async () => (await store.headPosition()) >= position, `position ${position} to become visible`);

/** Collects a subscription's events in the background until `done` says so or it ends. */
function collect(subscription: Subscription, done: (received: StoredEvent[]) => boolean = () => false) {
  const received: StoredEvent[] = [];
  const finished = (async () => {
    for await (const event of subscription) {
      received.push(event);
      if (done(received)) break;
    }
  })();
  return { received, finished };
}

const ids = (events: { eventId: string }[]) => events.map((event) => event.eventId);

export interface ContractOptions {
  /**
   * Event ids are unique per stream rather than in the whole store (EventStoreDB): an id
   * already stored in another stream is not refused there (see EventStore.append).
   */
  eventIdsPerStream?: boolean;
}

/**
 * The behaviour every EventStore adapter must have (ARCHITECTURE.md decision 2). `factory`
 * gives a store per test; the store may already hold events, so tests use streams of their
 * own and filter reads by their prefix.
 */
export function describeEventStoreContract(
  name: string,
  factory: () => Promise<EventStoreFixture>,
  { eventIdsPerStream = false }: ContractOptions = {},
): void {
  describe(`${name} (EventStore contract)`, () => {
    let fixture: EventStoreFixture;
    let store: EventStore;
    let prefix: string;

    beforeEach(async () => {
      fixture = await factory();
      store = fixture.store;
      prefix = uniquePrefix();
    });
    afterEach(() => fixture.cleanup());

    const expectWrongRevision = async (append: Promise<unknown>, expected: unknown, actual: unknown) => {
      const error = await append.then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(WrongExpectedRevisionError);
      expect(error).toMatchObject({ expected, actual });
    };

    describe('append and readStream', () => {
      it('appends to a new stream and reads the events back as stored', async () => {
        const streamId = `${prefix}case-1`;
        const events = newEvents(3);
        const result = await store.append(streamId, events);

        const read = await store.readStream(streamId);
        expect(result).toEqual({ nextRevision: 2n, position: read[2].position });
        expect(ids(read)).toEqual(ids(events));
        expect(read.map((event) => event.revision)).toEqual([0n, 1n, 2n]);
        expect(read[0]).toMatchObject({
          streamId,
          type: events[0].type,
          version: 1,
          data: events[0].data,
          recordedAt: events[0].recordedAt,
          metadata: events[0].metadata,
        });
        expect(read[0].position < read[1].position && read[1].position < read[2].position).toBe(true);
      });

      it('continues the revisions of an existing stream', async () => {
        const streamId = `${prefix}case-1`;
        await store.append(streamId, newEvents(2));
        const result = await store.append(streamId, newEvents(1));
        expect(result.nextRevision).toBe(2n);
      });

      it('reads forwards and backwards, from a revision, at most max events', async () => {
        const streamId = `${prefix}case-1`;
        await store.append(streamId, newEvents(5));
        const revisions = async (options: Parameters<EventStore['readStream']>[1]) =>
          (await store.readStream(streamId, options)).map((event) => event.revision);

        expect(await revisions({ from: 2n })).toEqual([2n, 3n, 4n]);
        expect(await revisions({ from: 1n, max: 2 })).toEqual([1n, 2n]);
        expect(await revisions({ direction: 'backwards' })).toEqual([4n, 3n, 2n, 1n, 0n]);
        expect(await revisions({ direction: 'backwards', max: 2 })).toEqual([4n, 3n]);
        expect(await revisions({ direction: 'backwards', from: 2n })).toEqual([2n, 1n, 0n]);
        expect(await revisions({ from: 9n })).toEqual([]);
      });

      it('reads an unknown stream as empty', async () => {
        expect(await store.readStream(`${prefix}nothing`)).toEqual([]);
      });

      it('refuses an empty append and one repeating an event id', async () => {
        await expect(store.append(`${prefix}case-1`, [])).rejects.toThrow(RangeError);
        const event = newEvent();
        await expect(store.append(`${prefix}case-1`, [event, event])).rejects.toThrow(RangeError);
        expect(await store.readStream(`${prefix}case-1`)).toEqual([]);
      });
    });

    describe('expected revision', () => {
      it("'no_stream' appends to a new stream and refuses an existing one", async () => {
        const streamId = `${prefix}case-1`;
        await store.append(streamId, newEvents(2), { expectedRevision: 'no_stream' });
        await expectWrongRevision(store.append(streamId, newEvents(1), { expectedRevision: 'no_stream' }), 'no_stream', 1n);
        expect(await store.readStream(streamId)).toHaveLength(2);
      });

      it("'exists' appends to an existing stream and refuses a new one", async () => {
        const streamId = `${prefix}case-1`;
        await expectWrongRevision(store.append(streamId, newEvents(1), { expectedRevision: 'exists' }), 'exists', 'no_stream');
        expect(await store.readStream(streamId)).toEqual([]);
        await store.append(streamId, newEvents(1));
        expect(await store.append(streamId, newEvents(1), { expectedRevision: 'exists' })).toMatchObject({ nextRevision: 1n });
      });

      it('an exact revision appends only when it is the last one', async () => {
        const streamId = `${prefix}case-1`;
        await expectWrongRevision(store.append(streamId, newEvents(1), { expectedRevision: 0n }), 0n, 'no_stream');
        await store.append(streamId, newEvents(2));
        await expectWrongRevision(store.append(streamId, newEvents(1), { expectedRevision: 0n }), 0n, 1n);
        await expectWrongRevision(store.append(streamId, newEvents(1), { expectedRevision: 2n }), 2n, 1n);
        expect(await store.readStream(streamId)).toHaveLength(2);
        expect(await store.append(streamId, newEvents(1), { expectedRevision: 1n })).toMatchObject({ nextRevision: 2n });
      });

      it("'any' appends whatever the stream's state", async () => {
        const streamId = `${prefix}case-1`;
        expect(await store.append(streamId, newEvents(1), { expectedRevision: 'any' })).toMatchObject({ nextRevision: 0n });
        expect(await store.append(streamId, newEvents(1), { expectedRevision: 'any' })).toMatchObject({ nextRevision: 1n });
      });

      it('reports the stream in the error', async () => {
        const streamId = `${prefix}case-1`;
        await store.append(streamId, newEvents(1));
        await expect(store.append(streamId, newEvents(1), { expectedRevision: 5n })).rejects.toMatchObject({ streamId });
      });
    });

    describe('idempotent append by event id', () => {
      it('appending the same events again returns the first result and writes nothing', async () => {
        const streamId = `${prefix}case-1`;
        const events = newEvents(2);
        const first = await store.append(streamId, events, { expectedRevision: 'no_stream' });
        await store.append(streamId, newEvents(1));

        expect(await store.append(streamId, events, { expectedRevision: 'no_stream' })).toEqual(first);
        expect(await store.append(streamId, events, { expectedRevision: 'any' })).toEqual(first);
        expect(await store.append(streamId, events, { expectedRevision: 0n })).toEqual(first);
        expect(await store.append(streamId, events, { expectedRevision: 2n })).toEqual(first);
        expect(await store.readStream(streamId)).toHaveLength(3);
      });

      it('refuses ids stored partly', async () => {
        const [a, b] = newEvents(2);
        await store.append(`${prefix}case-1`, [a]);
        await expect(store.append(`${prefix}case-1`, [a, b])).rejects.toThrow(DuplicateEventIdError);
        await expect(store.append(`${prefix}case-1`, [b, a])).rejects.toThrow(DuplicateEventIdError);
        expect(await store.readStream(`${prefix}case-1`)).toHaveLength(1);
      });

      if (eventIdsPerStream) {
        it('appends an id stored in another stream as an event of its own', async () => {
          const a = newEvent();
          await store.append(`${prefix}case-1`, [a]);
          expect(await store.append(`${prefix}case-2`, [a])).toMatchObject({ nextRevision: 0n });
          expect(ids(await store.readStream(`${prefix}case-2`))).toEqual([a.eventId]);
          expect(await store.readStream(`${prefix}case-1`)).toHaveLength(1);
        });
      } else {
        it('refuses an id stored in another stream', async () => {
          const a = newEvent();
          await store.append(`${prefix}case-1`, [a]);
          await expect(store.append(`${prefix}case-2`, [a])).rejects.toThrow(DuplicateEventIdError);
          expect(await store.readStream(`${prefix}case-2`)).toEqual([]);
        });
      }
    });

    describe('readAll', () => {
      const appendMix = async () => {
        await store.append(`${prefix}case-1`, [newEvent({ type: 'A' }), newEvent({ type: 'B' })]);
        await store.append(`${prefix}directory-1`, [newEvent({ type: 'A' })]);
        const last = await store.append(`${prefix}case-2`, [newEvent({ type: 'C' }), newEvent({ type: 'A' })]);
        await untilVisible(store, last.position);
      };

      it('reads all streams in position order, after a position, at most max', async () => {
        await appendMix();
        const ours = { streamPrefixes: [prefix] };
        const all = await store.readAll({ filter: ours });
        expect(all.map((event) => `${event.streamId.slice(prefix.length)}:${event.type}`)).toEqual([
          'case-1:A',
          'case-1:B',
          'directory-1:A',
          'case-2:C',
          'case-2:A',
        ]);
        const positions = all.map((event) => event.position);
        expect([...positions].sort((a, b) => (a < b ? -1 : 1))).toEqual(positions);

        expect(ids(await store.readAll({ from: all[1].position, max: 2, filter: ours }))).toEqual(ids(all.slice(2, 4)));
        const unfiltered = await store.readAll({ from: all[1].position });
        expect(ids(unfiltered.filter((event) => event.streamId.startsWith(prefix)))).toEqual(ids(all.slice(2)));
        expect(await store.readAll({ from: all[4].position, filter: ours })).toEqual([]);
      });

      it('filters by event type and by stream prefix', async () => {
        await appendMix();
        const read = async (filter: { types?: string[]; streamPrefixes?: string[] }) =>
          (await store.readAll({ filter })).map((event) => `${event.streamId.slice(prefix.length)}:${event.type}`);

        expect(await read({ streamPrefixes: [`${prefix}case-`] })).toEqual(['case-1:A', 'case-1:B', 'case-2:C', 'case-2:A']);
        expect(await read({ streamPrefixes: [`${prefix}case-`], types: ['A'] })).toEqual(['case-1:A', 'case-2:A']);
        expect(await read({ streamPrefixes: [prefix], types: ['B', 'C'] })).toEqual(['case-1:B', 'case-2:C']);
        expect(await read({ streamPrefixes: [`${prefix}directory-`, `${prefix}case-2`] })).toEqual([
          'directory-1:A',
          'case-2:C',
          'case-2:A',
        ]);
        expect(await read({ streamPrefixes: [`${prefix}case_`] })).toEqual([]);
      });

      it('with bodiesOf, gives the bodies of those types only; the others come hollow', async () => {
        const a = newEvent({ type: 'A' });
        const b = newEvent({ type: 'B', version: 3 });
        await store.append(`${prefix}case-1`, [a, b]);
        const last = await store.append(`${prefix}case-2`, [newEvent({ type: 'C' })]);
        await untilVisible(store, last.position);
        const ours = { streamPrefixes: [prefix] };
        const full = await store.readAll({ filter: ours });

        const read = await store.readAll({ filter: ours, bodiesOf: ['A'] });
        expect(ids(read)).toEqual(ids(full));
        expect(read[0]).toEqual(full[0]);
        expect(read[0]).toMatchObject({ data: a.data, metadata: a.metadata });
        expect(read.slice(1)).toEqual(full.slice(1).map((event) => ({ ...event, data: {}, metadata: {} })));
        expect(read[1]).toMatchObject({ streamId: `${prefix}case-1`, revision: 1n, type: 'B', version: 3, recordedAt: b.recordedAt });

        const none = await store.readAll({ from: full[0].position, max: 1, filter: ours, bodiesOf: [] });
        expect(none.map((event) => [event.eventId, event.data, event.metadata])).toEqual([[b.eventId, {}, {}]]);
      });

      it('headPosition reaches the last appended position', async () => {
        const { position } = await store.append(`${prefix}case-1`, newEvents(2));
        await untilVisible(store, position);
        expect(await store.headPosition()).toBeGreaterThanOrEqual(position);
      });

      it('countAfter counts the visible events after a position, up to a maximum', async () => {
        const before = await store.headPosition();
        await store.append(`${prefix}case-1`, newEvents(3));
        const { position } = await store.append(`${prefix}case-2`, newEvents(2));
        await untilVisible(store, position);
        expect(await store.countAfter(before, 100)).toBe(5);
        expect(await store.countAfter(before, 3)).toBe(3);
        expect(await store.countAfter(position, 100)).toBe(0);
      });
    });

    describe('hash chain', () => {
      it('chains each event to the previous one in its stream', async () => {
        const streamId = `${prefix}case-1`;
        await store.append(streamId, newEvents(2));
        await store.append(streamId, newEvents(1));
        const events = await store.readStream(streamId, { raw: true });

        expect(events[0].metadata.prevHash).toBe(GENESIS_HASH);
        expect(events[1].metadata.prevHash).toBe(events[0].metadata.hash);
        expect(events[2].metadata.prevHash).toBe(events[1].metadata.hash);
        expect(events.every((event) => /^[0-9a-f]{64}$/.test(event.metadata.hash))).toBe(true);
        expect(verifyChain(events)).toEqual({ valid: true, events: 3 });
      });

      it('verifyChain names the first tampered event', async () => {
        const streamId = `${prefix}case-1`;
        await store.append(streamId, newEvents(4));
        const events = await store.readStream(streamId, { raw: true });
        events[2].data = { ...events[2].data, note: 'rewritten' };
        expect(verifyChain(events)).toEqual({ valid: false, events: 4, brokenAt: 2n });
      });
    });

    describe('subscribe', () => {
      it('catches up, then delivers new events live', async () => {
        const before = newEvents(3);
        await store.append(`${prefix}case-1`, before);
        const subscription = store.subscribe({ filter: { streamPrefixes: [prefix] }, batchSize: 2 });
        const { received, finished } = collect(subscription);
        await until(() => received.length === 3, 'the catch-up');

        const after = newEvents(2);
        await store.append(`${prefix}case-2`, after.slice(0, 1));
        await store.append(`${prefix}case-1`, after.slice(1));
        await until(() => received.length === 5, 'the live events');
        await subscription.close();
        await finished;
        expect(ids(received)).toEqual(ids([...before, ...after]));
      });

      it('starts after the given position and applies the filter', async () => {
        const first = await store.append(`${prefix}case-1`, [newEvent({ type: 'A' })]);
        await store.append(`${prefix}case-1`, [newEvent({ type: 'B' }), newEvent({ type: 'A' })]);
        const subscription = store.subscribe({ from: first.position, filter: { streamPrefixes: [prefix], types: ['A'] } });
        const { received, finished } = collect(subscription, (events) => events.length === 1);
        await finished;
        expect(received.map((event) => [event.type, event.revision])).toEqual([['A', 2n]]);
        await subscription.close();
      });

      it('with bodiesOf, delivers every event, the bodies of those types only', async () => {
        const a = newEvent({ type: 'A' });
        await store.append(`${prefix}case-1`, [newEvent({ type: 'B' }), a]);
        const subscription = store.subscribe({ filter: { streamPrefixes: [prefix] }, batchSize: 2, bodiesOf: ['A'] });
        const { received, finished } = collect(subscription);
        await until(() => received.length === 2, 'the catch-up');
        const live = newEvent({ type: 'C' });
        await store.append(`${prefix}case-2`, [live]);
        await until(() => received.length === 3, 'the live event');
        await subscription.close();
        await finished;
        expect(received.map((event) => [event.type, event.data, event.metadata])).toEqual([
          ['B', {}, {}],
          ['A', a.data, expect.objectContaining(a.metadata)],
          ['C', {}, {}],
        ]);
        expect(received[2]).toMatchObject({ eventId: live.eventId, streamId: `${prefix}case-2`, revision: 0n, version: 1 });
      });

      it('close() ends a pending iteration promptly', async () => {
        const subscription = store.subscribe({ filter: { streamPrefixes: [prefix] } });
        const iterator = subscription[Symbol.asyncIterator]();
        const pending = iterator.next();
        await sleep(50);
        const started = Date.now();
        await subscription.close();
        expect(await pending).toEqual({ done: true, value: undefined });
        expect(Date.now() - started).toBeLessThan(200);
      });

      it("the store's close() ends its subscriptions", async () => {
        const subscription = store.subscribe({ filter: { streamPrefixes: [prefix] } });
        const pending = subscription[Symbol.asyncIterator]().next();
        await sleep(50);
        await store.close();
        expect(await pending).toEqual({ done: true, value: undefined });
      });
    });

    it('a subscriber gets every event exactly once, in position order, under concurrent appends', async () => {
      const appenders = 16;
      const appendsEach = 100;
      const appended: string[] = [];
      const subscription = store.subscribe({ batchSize: 50 });
      const { received, finished } = collect(subscription);

      await Promise.all(
        Array.from({ length: appenders }, async (_, appender) => {
          let ownRevision: bigint | undefined;
          for (let i = 0; i < appendsEach; i++) {
            const events = newEvents(i % 3 === 0 ? 3 : 1);
            if (i % 4 === 1) {
              // a few streams everybody appends to
              await store.append(`${prefix}shared-${i % 3}`, events, { expectedRevision: 'any' });
            } else {
              const expectedRevision = ownRevision ?? 'no_stream';
              ownRevision = (await store.append(`${prefix}own-${appender}`, events, { expectedRevision })).nextRevision;
            }
            appended.push(...ids(events));
          }
        }),
      );
      const ourEvents = () => received.filter((event) => event.streamId.startsWith(prefix));
      await until(() => ourEvents().length >= appended.length, 'the subscriber to receive every event', 30_000);
      await subscription.close();
      await finished;

      const receivedIds = ids(ourEvents());
      expect(receivedIds).toHaveLength(appended.length);
      expect(new Set(receivedIds)).toEqual(new Set(appended));
      expect(received.every((event, i) => i === 0 || event.position > received[i - 1].position)).toBe(true);
      for (const shared of [0, 1, 2]) {
        expect(verifyChain(await store.readStream(`${prefix}shared-${shared}`, { raw: true })).valid).toBe(true);
      }
    }, 60_000);
  });
}
