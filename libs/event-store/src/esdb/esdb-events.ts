import {
  eventTypeFilter,
  excludeSystemEvents,
  jsonEvent,
  streamNameFilter,
  type EventData,
  type Filter,
  type RecordedEvent,
} from '@eventstore/db-client';
import type { EventFilter, StoredEvent } from '../event-store.port';
import type { SealedEvent } from '../hash-chain';
import { portPosition } from './esdb-positions';

/**
 * How a Casebook event is kept in EventStoreDB: its id, type and data as the event's own;
 * its metadata with two more fields, the schema `version` and `recordedAt` (the injected
 * clock's time, which EventStoreDB's `created` is not). Downstream services subscribing
 * natively see the same fields as the HTTP feed. Data and metadata are JSON of plain values
 * (sealEvents normalised them), so what is read back hashes as what was written.
 */
interface EsdbMetadata extends Record<string, unknown> {
  version: number;
  recordedAt: string;
}

export function toEventData(event: SealedEvent): EventData {
  const metadata: EsdbMetadata = { ...event.metadata, version: event.version, recordedAt: event.recordedAt };
  return jsonEvent({ id: event.eventId, type: event.type, data: event.data, metadata });
}

/** Types of EventStoreDB's own events begin with `$` (its excludeSystemEvents filter is `^[^$]`). */
export const isSystemEvent = (event: { type: string }) => event.type.startsWith('$');

export function toStoredEvent(recorded: RecordedEvent): StoredEvent {
  const what = `event ${recorded.id} (${recorded.revision} of ${recorded.streamId})`;
  const metadata = recorded.metadata as Partial<EsdbMetadata> | undefined;
  if (!recorded.isJson || typeof metadata?.version !== 'number' || typeof metadata.recordedAt !== 'string') {
    throw new Error(`${what} was not written by Casebook: its metadata lacks version and recordedAt`);
  }
  const { version, recordedAt, ...portMetadata } = metadata;
  return {
    eventId: recorded.id,
    type: recorded.type,
    version,
    streamId: recorded.streamId,
    revision: recorded.revision,
    position: portPosition(recorded.position, what),
    recordedAt,
    data: recorded.data as StoredEvent['data'],
    metadata: portMetadata as unknown as StoredEvent['metadata'],
  };
}

const escapeRegex = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * The part of a filter the server applies to a subscription. It filters on event type or on
 * stream name, not both: the types when given (an exact-match regex), else the stream
 * prefixes; the adapter applies the whole filter again to what arrives. With neither, it
 * still leaves out system events.
 */
export function serverFilter({ types, streamPrefixes }: EventFilter = {}): Filter {
  if (types?.length) return eventTypeFilter({ regex: `^(?:${types.map(escapeRegex).join('|')})$` });
  if (streamPrefixes?.length) return streamNameFilter({ prefixes: streamPrefixes });
  return excludeSystemEvents();
}
