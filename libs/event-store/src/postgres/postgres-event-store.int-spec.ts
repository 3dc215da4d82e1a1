import { Client, Pool } from 'pg';
import { createTestDatabase, type TestDatabase } from '../../../../test/support/database';
import type { NewEvent, StoredEvent } from '../event-store.port';
import { sealEvents, verifyChain } from '../hash-chain';
import {
  describeEventStoreContract,
  newEvent,
  newEvents,
  uniquePrefix,
  until,
  untilVisible,
} from '../testing/event-store.contract';
import { upcasterFrom } from '../upcasting';
import { appendStatement, PostgresEventStore } from './postgres-event-store';

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
}, 60_000);
afterAll(() => db.drop());

describeEventStoreContract('PostgresEventStore', async () => {
  const store = new PostgresEventStore({ connectionString: db.url, poolSize: 20 });
  return { store, cleanup: () => store.close() };
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('PostgresEventStore', () => {
  let store: PostgresEventStore;
  let prefix: string;
  let sql: Client;

  beforeEach(async () => {
    store = new PostgresEventStore({ connectionString: db.url });
    prefix = uniquePrefix();
    sql = new Client({ connectionString: db.url });
    await sql.connect();
  });
  afterEach(async () => {
    await store.close();
    await sql.end();
  });

  const ours = (events: StoredEvent[]) => events.filter((event) => event.streamId.startsWith(prefix));

  describe('round trips of an append', () => {
    let pool: Pool;
    let statements: string[];
    let counted: PostgresEventStore;

    beforeEach(() => {
      pool = new Pool({ connectionString: db.url });
      statements = [];
      const query = pool.query.bind(pool) as (...args: unknown[]) => unknown;
      (pool as unknown as { query: unknown }).query = (...args: unknown[]) => {
        const text = typeof args[0] === 'string' ? args[0] : (args[0] as { text: string }).text;
        if (!/pg_notify/.test(text)) statements.push(text);
        return query(...args);
      };
      counted = new PostgresEventStore({ pool });
    });
    afterEach(async () => {
      await counted.close();
      await pool.end();
    });

    it('is one statement for a new stream, and for a stream this store has read or written, at the expected revision', async () => {
      const stream = `${prefix}one-trip`;
      await counted.append(stream, [newEvent()], { expectedRevision: 'no_stream' });
      await counted.append(stream, newEvents(2), { expectedRevision: 0n });
      expect(statements.filter((text) => /INSERT INTO events/.test(text))).toHaveLength(2);
      expect(statements).toHaveLength(2);

      // Another store appends; this one reads the stream (as a command does before deciding), then appends once.
      await store.append(stream, [newEvent()], { expectedRevision: 2n });
      const read = await counted.readStream(stream);
      statements.length = 0;
      await counted.append(stream, [newEvent()], { expectedRevision: read[read.length - 1].revision });
      expect(statements).toHaveLength(1);
      expect(verifyChain(await counted.readStream(stream, { raw: true }))).toMatchObject({ valid: true, events: 5 });
    });

    it('caught-up subscriptions woken by one append read it with one query, each as it asked', async () => {
      const subscriptions = [['CaseClosed'], ['Seen'], undefined, ['Seen'], [], undefined].map((bodiesOf) => counted.subscribe({ bodiesOf }));
      const iterators = subscriptions.map((subscription) => subscription[Symbol.asyncIterator]());
      const head = await counted.headPosition();
      // Catch up: each reads until a short batch (the store may hold other tests' events).
      const next = iterators.map((iterator) => iterator.next());
      await store.append(`${prefix}live`, [{ ...newEvent(), type: 'Seen' }], { expectedRevision: 'no_stream' });
      const received = await Promise.all(
        iterators.map(async (iterator, i) => {
          for (let result = await next[i]; ; result = await iterator.next()) if ((result.value as StoredEvent).position > head) return result.value as StoredEvent;
        }),
      );
      expect(received.map((event) => event.type)).toEqual(Array(6).fill('Seen'));
      expect(received.map((event) => Object.keys(event.data).length > 0)).toEqual([false, true, true, true, false, true]); // hollow unless asked for
      statements.length = 0;
      const waiting = iterators.map((iterator) => iterator.next());
      await store.append(`${prefix}live`, [{ ...newEvent(), type: 'Seen' }], { expectedRevision: 0n });
      const live = await Promise.all(waiting);
      expect(live.map((result) => (result.value as StoredEvent).streamId)).toEqual(Array(6).fill(`${prefix}live`));
      // One read for the six (a subscription woken twice meanwhile may read once more, finding nothing).
      expect(statements.filter((text) => /FROM events WHERE position >/.test(text)).length).toBeLessThanOrEqual(2);
      await Promise.all(subscriptions.map((subscription) => subscription.close()));
    });

    it('is refused, as ever, when the stream moved on behind the head it knew; the next try reads the head', async () => {
      const stream = `${prefix}moved`;
      await counted.append(stream, [newEvent()], { expectedRevision: 'no_stream' });
      await store.append(stream, [newEvent()], { expectedRevision: 0n });
      await expect(counted.append(stream, [newEvent()], { expectedRevision: 0n })).rejects.toMatchObject({
        name: 'WrongExpectedRevisionError',
        actual: 1n,
      });
      await counted.append(stream, [newEvent()], { expectedRevision: 'any' });
      expect(verifyChain(await counted.readStream(stream, { raw: true }))).toMatchObject({ valid: true, events: 3 });
    });
  });

  /** An append inside the client's open transaction, as the adapter would send it. */
  const appendWith = (client: Client, streamId: string, events: NewEvent[]) =>
    client.query(appendStatement(streamId, -1n, sealEvents(streamId, undefined, events)));

  it('never shows an event while an older transaction may still commit one before it', async () => {
    const subscription = store.subscribe({ filter: { streamPrefixes: [prefix] } });
    const received: StoredEvent[] = [];
    const consuming = (async () => {
      for await (const event of subscription) received.push(event);
    })();

    const early = newEvent();
    await sql.query('BEGIN');
    await appendWith(sql, `${prefix}early`, [early]);
    const late = newEvents(2);
    const lateResult = await store.append(`${prefix}late`, late);

    // The later append is committed, but the earlier transaction, holding a smaller
    // position, is still open: nobody may see the later events yet.
    await sleep(700);
    expect(ours(await store.readAll())).toEqual([]);
    expect(await store.headPosition()).toBeLessThan(lateResult.position);
    expect(received).toEqual([]);

    await sql.query('COMMIT');
    await untilVisible(store, lateResult.position);
    const all = ours(await store.readAll());
    expect(all.map((event) => event.eventId)).toEqual([early.eventId, ...late.map((event) => event.eventId)]);
    expect(all[0].position < all[1].position && all[1].position < all[2].position).toBe(true);

    await until(() => received.length === 3, 'the subscriber');
    expect(received.map((event) => event.eventId)).toEqual(all.map((event) => event.eventId));
    await subscription.close();
    await consuming;
  });

  it("appends with 'any' from several processes to one stream retry until each lands", async () => {
    const others = [1, 2].map(() => new PostgresEventStore({ connectionString: db.url }));
    const streamId = `${prefix}busy`;
    try {
      const appended = await Promise.all(
        [store, ...others].flatMap((writer) =>
          Array.from({ length: 20 }, async () => {
            const events = newEvents(2);
            await writer.append(streamId, events, { expectedRevision: 'any' });
            return events.map((event) => event.eventId);
          }),
        ),
      );
      const stream = await store.readStream(streamId, { raw: true });
      expect(stream.map((event) => event.revision)).toEqual(Array.from({ length: 120 }, (_, i) => BigInt(i)));
      expect(new Set(stream.map((event) => event.eventId))).toEqual(new Set(appended.flat()));
      expect(verifyChain(stream)).toEqual({ valid: true, events: 120 });
    } finally {
      await Promise.all(others.map((other) => other.close()));
    }
  });

  it('verifyChain names a row changed in the database', async () => {
    const streamId = `${prefix}case-1`;
    await store.append(streamId, newEvents(3));
    await sql.query(
      `UPDATE events SET data = jsonb_set(data, '{note}', '"rewritten"') WHERE stream_id = $1 AND revision = 1`,
      [streamId],
    );
    expect(verifyChain(await store.readStream(streamId, { raw: true }))).toEqual({ valid: false, events: 3, brokenAt: 1n });
  });

  it('upcasts events on read, except raw stream reads', async () => {
    const upcasting = new PostgresEventStore({
      connectionString: db.url,
      upcaster: upcasterFrom([{ type: 'Renamed', from: 1, upcast: ({ name }) => ({ title: name }) }]),
    });
    try {
      const streamId = `${prefix}s-1`;
      const { position } = await upcasting.append(streamId, [newEvent({ type: 'Renamed', data: { name: 'x' } })]);
      await untilVisible(upcasting, position);
      expect(await upcasting.readStream(streamId)).toMatchObject([{ version: 2, data: { title: 'x' } }]);
      expect(await upcasting.readAll({ filter: { streamPrefixes: [prefix] } })).toMatchObject([
        { version: 2, data: { title: 'x' } },
      ]);
      expect(await upcasting.readStream(streamId, { raw: true })).toMatchObject([{ version: 1, data: { name: 'x' } }]);
    } finally {
      await upcasting.close();
    }
  });

  it('wakes subscriptions by NOTIFY, without waiting for the poll', async () => {
    const listening = new PostgresEventStore({ connectionString: db.url, pollIntervalMs: 60_000 });
    const subscription = listening.subscribe({ filter: { streamPrefixes: [prefix] } });
    const first = subscription[Symbol.asyncIterator]().next();
    let delivered = false;
    void first.then(() => (delivered = true));
    try {
      // Each append notifies; more than one is needed only if another transaction on the
      // server held the first back from view when its notification arrived.
      await until(async () => {
        if (!delivered) await store.append(`${prefix}s-1`, newEvents(1));
        await sleep(200);
        return delivered;
      }, 'a notification to deliver an event');
    } finally {
      await listening.close();
    }
    expect((await first).done).toBe(false);
  });

  it('polls for events that became visible without a notification', async () => {
    const polling = new PostgresEventStore({ connectionString: db.url, pollIntervalMs: 100 });
    const subscription = polling.subscribe({ filter: { streamPrefixes: [prefix] } });
    const first = subscription[Symbol.asyncIterator]().next();
    try {
      // An older transaction that writes no event, so its commit notifies nobody.
      await sql.query('BEGIN');
      await sql.query('SELECT pg_current_xact_id()');
      await store.append(`${prefix}s-1`, newEvents(1));
      const delivered = await Promise.race([first.then(() => true), sleep(500).then(() => false)]);
      expect(delivered).toBe(false);
      await sql.query('COMMIT');
      expect((await first).done).toBe(false);
    } finally {
      await polling.close();
    }
  });

  it('close() releases every connection, the LISTEN one included', async () => {
    const closing = new PostgresEventStore({ connectionString: db.url, poolSize: 3 });
    const subscription = closing.subscribe({ filter: { streamPrefixes: [prefix] } });
    const pending = subscription[Symbol.asyncIterator]().next();
    const connections = async (query?: string) => {
      const { rows } = await sql.query<{ count: string }>(
        `SELECT count(*) FROM pg_stat_activity
          WHERE datname = current_database() AND pid <> pg_backend_pid() AND ($1::text IS NULL OR query = $1)`,
        [query ?? null],
      );
      return Number(rows[0].count);
    };
    await store.close(); // only `closing` should hold connections now
    await until(async () => (await connections('LISTEN casebook_events')) === 1, 'the LISTEN connection');

    await closing.close();
    expect((await pending).done).toBe(true);
    await until(async () => (await connections()) === 0, 'every connection to close');
  });
});
