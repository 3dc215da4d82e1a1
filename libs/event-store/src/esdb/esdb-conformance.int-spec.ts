import { describeEsdbConformance } from './testing/esdb-conformance';
import { startEsdbTarget, type EsdbTarget } from './testing/esdb-target';

let target: EsdbTarget;
beforeAll(async () => {
  target = await startEsdbTarget();
});
afterAll(() => target.stop());

describeEsdbConformance(process.env.EVENTSTORE_CONNECTION_STRING ? 'EventStoreDB' : 'EsdbTestServer', () => target.connectionString);
