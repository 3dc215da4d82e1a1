import type { StoredEvent } from '../event-store.port';
import { LruMap } from '../lru-map';

/** What an append needs to know of a stream: its head, to chain onto, and its event ids. */
export interface KnownStream {
  /**
   * The last event's revision and hash (the hash is unknown after an append: see EsdbEventStore);
   * undefined when the stream does not exist.
   */
  head?: { revision: bigint; hash?: string };
  eventIds: ReadonlySet<string>;
}

export const NEW_STREAM: KnownStream = { eventIds: new Set() };

export const knownStream = (events: StoredEvent[]): KnownStream => {
  const last = events[events.length - 1];
  return {
    head: last && { revision: last.revision, hash: last.metadata.hash },
    eventIds: new Set(events.map((event) => event.eventId)),
  };
};

/**
 * The streams this process last read whole or appended to, so that an append need not read
 * its stream again (the command that appends has usually just read it). What is known may
 * be behind the server, never wrong: an append built on it names the known head as its
 * expected revision, so EventStoreDB refuses it if anything was appended since, and the
 * adapter then reads the stream afresh. Holds the most recently used streams only.
 */
export class KnownStreams {
  private readonly streams: LruMap<string, KnownStream>;

  constructor(capacity: number) {
    this.streams = new LruMap(capacity);
  }

  get(streamId: string): KnownStream | undefined {
    return this.streams.get(streamId);
  }

  /** Keeps `known` unless what is already known is further along (a read that raced an append). */
  set(streamId: string, known: KnownStream): void {
    const current = this.streams.get(streamId)?.head?.revision ?? -1n;
    if ((known.head?.revision ?? -1n) >= current) this.streams.set(streamId, known);
  }
}
