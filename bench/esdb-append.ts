import { randomUUID } from 'node:crypto';
import { EsdbEventStore, type NewEvent } from '@casebook/event-store';
import { EsdbTestServer } from '../libs/event-store/src/esdb/testing/esdb-test-server';
import { format, load } from './measure';

const CONCURRENCY = 32;
/** Streams the appends to existing streams spread over. */
const EXISTING_STREAMS = 256;
const EVENTS_PER_BIG_APPEND = 20;

/**
 * Appends through the EventStoreDB adapter to the protocol-level test server, in this process:
 * a new stream each, existing streams, and appends of 20 events. Not a performance claim about
 * EventStoreDB (the test server is an in-memory stand-in sharing this process's CPU); what it
 * shows is the adapter's own cost, and, by counting the appends the server receives, that an
 * append is one call to the server whatever its number of events.
 */
export async function benchEsdbAppends(seconds: number): Promise<void> {
  const server = new EsdbTestServer();
  await server.start();
  const store = new EsdbEventStore({ connectionString: server.connectionString });
  try {
    const measure = async (what: string, append: (i: number) => Promise<unknown>) => {
      let appends = 0;
      const callsBefore = server.counter.appends;
      const figures = await load(
        async (i) => {
          await append(i);
          appends++;
        },
        { concurrency: CONCURRENCY, seconds, warmupSeconds: 1 },
      );
      const callsPerAppend = (server.counter.appends - callsBefore) / appends;
      console.log(`    ${what.padEnd(30)} ${format(figures, 'appends')}; ${callsPerAppend.toFixed(2)} server calls per append`);
    };
    console.log(`(e) EventStoreDB adapter to the in-process test server (not a claim about EventStoreDB), ${CONCURRENCY} concurrent clients:`);
    await measure('new stream, 1 event:', () => store.append(`case-${randomUUID()}`, events(1), { expectedRevision: 'no_stream' }));
    await measure('existing streams, 1 event:', (i) => store.append(`case-existing-${i % EXISTING_STREAMS}`, events(1)));
    await measure(`existing streams, ${EVENTS_PER_BIG_APPEND} events:`, (i) =>
      store.append(`case-existing-${i % EXISTING_STREAMS}`, events(EVENTS_PER_BIG_APPEND)),
    );
  } finally {
    await store.close();
    await server.stop();
  }
}

function events(count: number): NewEvent[] {
  const commandId = randomUUID();
  return Array.from({ length: count }, () => ({
    eventId: randomUUID(),
    type: 'ComplainantReplied',
    version: 1,
    data: { message: 'We will send a technician tomorrow morning', channel: 'phone', repliedBy: 'agent-1' },
    metadata: { actorId: 'agent-1', actorRole: 'agent', commandId, correlationId: commandId, causationId: commandId },
    recordedAt: new Date().toISOString(),
  }));
}

if (require.main === module) {
  benchEsdbAppends(Number(process.env.BENCH_SECONDS ?? 15)).catch((error) => {
    console.error(error);
    process.exit(1);
  });
}
