import { EsdbEventStore, EventStoreUnavailableError } from '@casebook/event-store';
import type { CasebookConfig } from '@casebook/platform';

/** How long start-up waits for EventStoreDB's first answer. */
const START_UP_TIMEOUT_MS = 5000;

/**
 * Start-up: the configured EventStoreDB answers, or the process stops with one line naming it.
 * Its client connects lazily, so a wrong address or a server down would otherwise surface only
 * at the first command, or as projections waiting for ever. (A PostgreSQL store has just been
 * reached by the migrations.)
 */
export async function checkEventStore(config: CasebookConfig, timeoutMs = START_UP_TIMEOUT_MS): Promise<void> {
  if (config.eventStore.kind !== 'esdb') return;
  const store = new EsdbEventStore({ connectionString: config.eventStore.connectionString });
  let timer: NodeJS.Timeout | undefined;
  // A server that accepts connections but never answers would keep the first call waiting for
  // the client's whole deadline.
  const silence = new Promise<never>((_, reject) => {
    const message = `EventStoreDB at ${store.servers} did not answer within ${timeoutMs / 1000} s`;
    timer = setTimeout(() => reject(new EventStoreUnavailableError(message)), timeoutMs);
  });
  try {
    await Promise.race([store.headPosition(), silence]);
  } catch (error) {
    const reason =
      error instanceof EventStoreUnavailableError
        ? error.message
        : `EventStoreDB at ${store.servers} failed the first read: ${String((error as Error)?.message ?? error).replace(/\s+/g, ' ')}`;
    throw new Error(`Cannot start: ${reason.replace(/\.+$/, '')}; check EVENTSTORE_CONNECTION_STRING`);
  } finally {
    clearTimeout(timer);
    await store.close();
  }
}
