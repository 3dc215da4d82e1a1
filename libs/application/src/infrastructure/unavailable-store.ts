import { unavailable } from '@casebook/domain';
import { EventStoreUnavailableError, type EventStore } from '@casebook/event-store';

/**
 * The store with its outages (EventStoreUnavailableError) turned into the domain's UNAVAILABLE,
 * "not now": the api answers 503 with Retry-After, and the processing retries the batch later.
 * The adapter's error, whose message names servers and sockets, stays out of what clients see:
 * it is the refusal's `cause`, for logs.
 */
export function unavailableAsDomainError(store: EventStore): EventStore {
  const reaching =
    <A extends unknown[], R>(call: (...args: A) => Promise<R>) =>
    async (...args: A): Promise<R> => {
      try {
        return await call(...args);
      } catch (error) {
        if (!(error instanceof EventStoreUnavailableError)) throw error;
        const refusal = unavailable('the event store cannot be reached: try again shortly');
        refusal.cause = error;
        throw refusal;
      }
    };
  return {
    append: reaching(store.append.bind(store)),
    readStream: reaching(store.readStream.bind(store)),
    readAll: reaching(store.readAll.bind(store)),
    headPosition: reaching(store.headPosition.bind(store)),
    countAfter: reaching(store.countAfter.bind(store)),
    // An EventStoreDB subscription rides out outages by itself.
    subscribe: (...args) => store.subscribe(...args),
    close: () => store.close(),
  };
}
