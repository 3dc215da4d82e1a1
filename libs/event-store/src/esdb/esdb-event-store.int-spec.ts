import { setTimeout as sleep } from 'node:timers/promises';
import { EventStoreDBClient } from '@eventstore/db-client';
import type { StoredEvent } from '../event-store.port';
import { verifyChain } from '../hash-chain';
import { describeEventStoreContract, newEvent, newEvents, uniquePrefix, until } from '../testing/event-store.contract';
import { upcasterFrom } from '../upcasting';
import { EsdbEventStore } from './esdb-event-store';
import { startEsdbTarget, type EsdbTarget } from './testing/esdb-target';
import { EsdbTestServer } from './testing/esdb-test-server';

let target: EsdbTarget;
beforeAll(async () => {
  target = await startEsdbTarget();
});
afterAll(() => target.stop());

describeEventStoreContract(
  'EsdbEventStore',
  async () => {
    const store = new EsdbEventStore({ connectionString: target.connectionString });
    return { store, cleanup: () => store.close() };
  },
  { eventIdsPerStream: true },
);

const ids = (events: { eventId: string }[]) => events.map((event) => event.eventId);

describe('EsdbEventStore', () => {
  let prefix: string;
  const stores: EsdbEventStore[] = [];
  const newStore = (connectionString = target.connectionString, options = {}) => {
    const store = new EsdbEventStore({ connectionString, ...options });
    stores.push(store);
    return store;
  };

  beforeEach(() => {
    prefix = uniquePrefix();
  });
  afterEach(async () => {
    await Promise.all(stores.splice(0).map((store) => store.close()));
  });

  it('upcasts events on read, except raw stream reads', async () => {
    const store = newStore(target.connectionString, {
      upcaster: upcasterFrom([{ type: 'Renamed', from: 1, upcast: ({ name }) => ({ title: name }) }]),
    });
    const streamId = `${prefix}s-1`;
    await store.append(streamId, [newEvent({ type: 'Renamed', data: { name: 'x' } })]);
    expect(await store.readStream(streamId)).toMatchObject([{ version: 2, data: { title: 'x' } }]);
    expect(await store.readAll({ filter: { streamPrefixes: [prefix] } })).toMatchObject([{ version: 2, data: { title: 'x' } }]);
    expect(await store.readStream(streamId, { raw: true })).toMatchObject([{ version: 1, data: { name: 'x' } }]);
  });

  it('leaves system events out of readAll, headPosition and countAfter', async () => {
    const store = newStore();
    const before = await store.headPosition();
    const { position } = await store.append(`${prefix}s-1`, newEvents(2));
    // Setting a stream's metadata appends a `$metadata` event to `$$<stream>`, after ours.
    const client = EventStoreDBClient.connectionString(target.connectionString);
    await client.setStreamMetadata(`${prefix}s-1`, { maxCount: 1000 });
    await client.dispose();

    expect(await store.headPosition()).toBe(position);
    expect(await store.countAfter(before, 10)).toBe(2);
    expect(await store.countAfter(position, 10)).toBe(0);
    expect((await store.readAll({ from: before })).map((event) => event.streamId)).toEqual([`${prefix}s-1`, `${prefix}s-1`]);
  });

  it('one append of many events is one call to the server', async () => {
    const server = new EsdbTestServer();
    await server.start();
    try {
      const store = newStore(server.connectionString);
      const streamId = `${prefix}s-1`;
      await store.append(streamId, newEvents(1), { expectedRevision: 'no_stream' });
      await store.readStream(streamId);
      const before = server.counter.appends;
      await store.append(streamId, newEvents(500), { expectedRevision: 0n });
      expect(server.counter.appends - before).toBe(1);
      expect(await store.readStream(streamId)).toHaveLength(501);
    } finally {
      await server.stop();
    }
  });

  it('keeps positions beyond 2^53 exact', async () => {
    const server = new EsdbTestServer({ firstPosition: 2n ** 62n + 1n });
    await server.start();
    try {
      const store = newStore(server.connectionString);
      const first = await store.append(`${prefix}s-1`, newEvents(2));
      const second = await store.append(`${prefix}s-2`, newEvents(1));
      const logged = server.log.all.filter((event) => event.streamId.startsWith(prefix)).map((event) => event.position);

      expect(first.position > BigInt(Number.MAX_SAFE_INTEGER)).toBe(true);
      expect([first.position, second.position]).toEqual([logged[1], logged[2]]);
      expect((await store.readAll()).map((event) => event.position)).toEqual(logged);
      expect((await store.readAll({ from: logged[0] })).map((event) => event.position)).toEqual(logged.slice(1));
      expect(await store.headPosition()).toBe(logged[2]);
      expect(await store.countAfter(logged[0], 10)).toBe(2);
      const subscription = store.subscribe({ from: logged[1] });
      const [next] = await collect(subscription, 1);
      expect(next.position).toBe(logged[2]);
    } finally {
      await server.stop();
    }
  });

  it("appends with 'any' from several processes to one stream start over until each lands", async () => {
    const writers = [newStore(), newStore(), newStore()];
    const streamId = `${prefix}busy`;
    const appended = await Promise.all(
      writers.flatMap((writer) =>
        Array.from({ length: 20 }, async () => {
          const events = newEvents(2);
          await writer.append(streamId, events, { expectedRevision: 'any' });
          return ids(events);
        }),
      ),
    );
    const stream = await writers[0].readStream(streamId, { raw: true });
    expect(stream.map((event) => event.revision)).toEqual(Array.from({ length: 120 }, (_, i) => BigInt(i)));
    expect(new Set(ids(stream))).toEqual(new Set(appended.flat()));
    expect(verifyChain(stream)).toEqual({ valid: true, events: 120 });
  });

  it('decides an append again when another process moved the head it knew', async () => {
    const [a, b] = [newStore(), newStore()];
    const streamId = `${prefix}s-1`;
    await a.append(streamId, newEvents(1));
    await a.readStream(streamId);
    await b.append(streamId, newEvents(1), { expectedRevision: 0n });

    await expect(a.append(streamId, newEvents(1), { expectedRevision: 0n })).rejects.toMatchObject({ expected: 0n, actual: 1n });
    expect(await a.append(streamId, newEvents(1), { expectedRevision: 1n })).toMatchObject({ nextRevision: 2n });
    expect(verifyChain(await b.readStream(streamId, { raw: true }))).toEqual({ valid: true, events: 3 });
  });

  it("answers another process's retry of the same events with the first result, and chains on", async () => {
    const [a, b] = [newStore(), newStore()];
    const streamId = `${prefix}s-1`;
    await a.append(streamId, newEvents(1));
    await b.readStream(streamId);
    const retried = newEvents(2);
    const first = await a.append(streamId, retried);
    // The same ids, recorded later: EventStoreDB finds them after the revision b expects.
    const again = retried.map((event) => ({ ...event, recordedAt: new Date(Date.parse(event.recordedAt) + 1000).toISOString() }));

    expect(await b.append(streamId, again)).toEqual(first);
    await b.append(streamId, newEvents(1));
    expect(verifyChain(await a.readStream(streamId, { raw: true }))).toEqual({ valid: true, events: 4 });
  });
});

describe('EsdbEventStore subscriptions across a server restart', () => {
  it('resume after the last event delivered: nothing lost, nothing twice', async () => {
    const server = new EsdbTestServer();
    await server.start();
    const store = new EsdbEventStore({ connectionString: server.connectionString });
    try {
      const appended: string[] = [];
      for (let i = 0; i < 20; i++) {
        const events = newEvents(100);
        await store.append(`s-${i}`, events);
        appended.push(...ids(events));
      }
      const subscription = store.subscribe({ filter: { streamPrefixes: ['s-'] } });
      const received: StoredEvent[] = [];
      // A slow subscriber, so that the server stops in the middle of the catch-up.
      const consuming = (async () => {
        for await (const event of subscription) {
          received.push(event);
          await sleep(1);
        }
      })();
      await until(() => received.length >= 100, 'the catch-up to start');
      await server.stop();
      expect(received.length).toBeLessThan(appended.length / 2);
      await sleep(300);

      await server.start();
      const later = newEvents(10);
      await store.append('s-later', later);
      appended.push(...ids(later));
      await until(() => received.length >= appended.length, 'the subscription to resume', 20_000);
      await sleep(100);
      await subscription.close();
      await consuming;

      expect(ids(received)).toEqual(appended);
      expect(received.every((event, i) => i === 0 || event.position > received[i - 1].position)).toBe(true);
    } finally {
      await store.close();
      await server.stop();
    }
  }, 30_000);
});

async function collect(subscription: AsyncIterable<StoredEvent> & { close(): Promise<void> }, count: number) {
  const received: StoredEvent[] = [];
  for await (const event of subscription) {
    received.push(event);
    if (received.length === count) break;
  }
  return received;
}
