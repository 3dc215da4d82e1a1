import { describeEventStoreContract } from '../testing/event-store.contract';
import { EsdbEventStore } from './esdb-event-store';
import { startEsdbTarget, type EsdbTarget } from './testing/esdb-target';

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
