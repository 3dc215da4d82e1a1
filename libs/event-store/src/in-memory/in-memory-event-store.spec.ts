import { describeEventStoreContract, newEvent } from '../testing/event-store.contract';
import { upcasterFrom } from '../upcasting';
import { InMemoryEventStore } from './in-memory-event-store';

describeEventStoreContract('InMemoryEventStore', async () => {
  const store = new InMemoryEventStore();
  return { store, cleanup: () => store.close() };
});

describe('InMemoryEventStore', () => {
  it('upcasts events on read, except raw stream reads', async () => {
    const upcaster = upcasterFrom([{ type: 'Renamed', from: 1, upcast: ({ name }) => ({ title: name }) }]);
    const store = new InMemoryEventStore({ upcaster });
    await store.append('s-1', [newEvent({ type: 'Renamed', version: 1, data: { name: 'x' } })]);

    expect(await store.readStream('s-1')).toMatchObject([{ version: 2, data: { title: 'x' } }]);
    expect(await store.readAll()).toMatchObject([{ version: 2, data: { title: 'x' } }]);
    expect(await store.readStream('s-1', { raw: true })).toMatchObject([{ version: 1, data: { name: 'x' } }]);
  });

  it('returns copies, so a reader cannot change what is stored', async () => {
    const store = new InMemoryEventStore();
    await store.append('s-1', [newEvent({ data: { n: 1 } })]);
    (await store.readStream('s-1'))[0].data.n = 2;
    expect((await store.readStream('s-1'))[0].data).toEqual({ n: 1 });
  });
});
