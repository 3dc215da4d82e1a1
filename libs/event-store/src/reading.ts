import type { EventFilter, StoredEvent } from './event-store.port';
import { upcastEvent, type Upcaster } from './upcasting';

/** Whether an event passes a filter of readAll or subscribe (both parts, when both are given). */
export const matchesFilter = (event: Pick<StoredEvent, 'type' | 'streamId'>, filter: EventFilter = {}) =>
  (!filter.types?.length || filter.types.includes(event.type)) &&
  (!filter.streamPrefixes?.length || filter.streamPrefixes.some((prefix) => event.streamId.startsWith(prefix)));

/**
 * An event of readAll or subscribe as its reader asked for it: upcast, or hollow (empty
 * `data` and `metadata`) when `bodiesOf` is given without its type (ReadAllOptions.bodiesOf).
 * Hollow events are not upcast: their empty data is no version's.
 */
export function asRead(event: StoredEvent, upcaster: Upcaster, bodiesOf?: ReadonlySet<string>): StoredEvent {
  if (bodiesOf && !bodiesOf.has(event.type)) return { ...event, data: {}, metadata: {} as StoredEvent['metadata'] };
  return upcastEvent(event, upcaster);
}
