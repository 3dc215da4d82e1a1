import { EsdbTestServer } from './esdb-test-server';

/** The EventStoreDB a suite runs against. */
export interface EsdbTarget {
  connectionString: string;
  stop(): Promise<void>;
}

/**
 * The server at EVENTSTORE_CONNECTION_STRING when it is set (ARCHITECTURE.md decision 11:
 * the suites hold the test server to the real thing), else a test server of the suite's own.
 */
export async function startEsdbTarget(): Promise<EsdbTarget> {
  const real = process.env.EVENTSTORE_CONNECTION_STRING;
  if (real) return { connectionString: real, stop: async () => undefined };
  const server = new EsdbTestServer();
  await server.start();
  return { connectionString: server.connectionString, stop: () => server.stop() };
}
