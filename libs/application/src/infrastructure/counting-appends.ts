import type { AppendResult, EventStore } from '@casebook/event-store';
import { NO_COMMAND_METRICS, type CommandMetrics } from '../commands/command-metrics';

/** The store with every successful append counted by event type: one place, whoever appends. */
export function countingAppends(store: EventStore, metrics: CommandMetrics): EventStore {
  if (metrics === NO_COMMAND_METRICS) return store;
  return {
    append: async (...args: Parameters<EventStore['append']>): Promise<AppendResult> => {
      const result = await store.append(...args);
      metrics.eventsAppended(args[1].map((event) => event.type));
      return result;
    },
    readStream: (...args) => store.readStream(...args),
    readAll: (...args) => store.readAll(...args),
    headPosition: () => store.headPosition(),
    countAfter: (...args) => store.countAfter(...args),
    subscribe: (...args) => store.subscribe(...args),
    close: () => store.close(),
  };
}
