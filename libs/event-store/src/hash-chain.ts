import { createHash } from 'node:crypto';
import type { EventMetadata, NewEvent, StoredEvent } from './event-store.port';

/**
 * The hash chain of a stream (PRODUCT.md §9). Each event's `hash` is the SHA-256 (hex) of the
 * canonical JSON of its content: streamId, revision (decimal string), eventId, type, version,
 * recordedAt, data and metadata, the latter with `prevHash` (the previous event's hash) and
 * without `hash`. Changing, removing or reordering a stored event breaks the chain there.
 */

/** `prevHash` of a stream's first event. */
export const GENESIS_HASH = '';

/** An event ready to be stored: numbered, normalized and chained; only its position is missing. */
export type SealedEvent = Omit<StoredEvent, 'position'>;

/** The last event of a stream, which new events chain onto. */
export interface StreamHead {
  revision: bigint;
  hash: string;
}

type ChainedContent = Omit<SealedEvent, 'metadata'> & { metadata: EventMetadata };

/**
 * JSON without whitespace and with object keys sorted (by UTF-16 code units, as `sort()` does)
 * at every depth, so equal values always give equal text. Takes plain JSON values (see
 * `sealEvents`). Written as loops rather than entries/filter/sort/map chains: every append
 * hashes its events, and this is most of an append's own work.
 */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) {
    let text = '[';
    for (let i = 0; i < value.length; i++) text += (i === 0 ? '' : ',') + canonicalJson(value[i]);
    return text + ']';
  }
  const fields = value as Record<string, unknown>;
  let text = '{';
  for (const key of Object.keys(fields).sort()) {
    if (fields[key] === undefined) continue;
    text += (text.length === 1 ? '' : ',') + JSON.stringify(key) + ':' + canonicalJson(fields[key]);
  }
  return text + '}';
}

export function hashEvent(event: ChainedContent): string {
  const { hash: _notHashed, ...metadata } = event.metadata;
  const content = {
    streamId: event.streamId,
    revision: event.revision.toString(),
    eventId: event.eventId,
    type: event.type,
    version: event.version,
    recordedAt: event.recordedAt,
    data: event.data,
    metadata,
  };
  return createHash('sha256').update(canonicalJson(content)).digest('hex');
}

// What a JSON store gives back: undefined fields dropped, dates turned into strings.
const asStored = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;

/**
 * Numbers `events` after `head` (undefined: a new stream) and chains them. Content is
 * normalized first to the form a read returns, so a hash recomputed from a read matches:
 * data and metadata as JSON, recordedAt as the ISO string of its millisecond instant.
 */
export function sealEvents(streamId: string, head: StreamHead | undefined, events: NewEvent[]): SealedEvent[] {
  let revision = head ? head.revision : -1n;
  let prevHash = head ? head.hash : GENESIS_HASH;
  return events.map((event) => {
    revision += 1n;
    const metadata = { ...asStored(event.metadata), prevHash };
    const content = {
      streamId,
      revision,
      eventId: event.eventId,
      type: event.type,
      version: event.version,
      recordedAt: new Date(event.recordedAt).toISOString(),
      data: asStored(event.data),
      metadata,
    };
    const hash = hashEvent(content);
    prevHash = hash;
    return { ...content, metadata: { ...metadata, hash } };
  });
}

export interface ChainVerification {
  valid: boolean;
  /** How many events were checked. */
  events: number;
  /** Revision of the first event whose hash or link to its predecessor is wrong. */
  brokenAt?: bigint;
}

/**
 * Recomputes the chain of a whole stream, read as stored (`readStream(id, { raw: true })`:
 * upcasting changes what was hashed).
 */
export function verifyChain(events: StoredEvent[]): ChainVerification {
  let prevHash = GENESIS_HASH;
  for (const event of events) {
    if (event.metadata.prevHash !== prevHash || hashEvent(event) !== event.metadata.hash) {
      return { valid: false, events: events.length, brokenAt: event.revision };
    }
    prevHash = event.metadata.hash;
  }
  return { valid: true, events: events.length };
}
