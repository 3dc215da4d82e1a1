import { Empty, StreamIdentifier, UUID } from '@eventstore/db-client/generated/shared_pb';
import { ReadReq, ReadResp } from '@eventstore/db-client/generated/streams_pb';
import type { LoggedEvent, ProposedEvent } from './esdb-test-log';

/** Conversions between the protocol's messages (the client's generated code) and the test log's records. */

const hexOf = (bits: string) => BigInt.asUintN(64, BigInt(bits)).toString(16).padStart(16, '0');

export function uuidString(uuid: UUID | undefined): string {
  if (!uuid) throw new Error('a UUID is missing');
  const structured = uuid.getStructured();
  if (!structured) return uuid.getString();
  const hex = hexOf(structured.getMostSignificantBits()) + hexOf(structured.getLeastSignificantBits());
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** A UUID in the form a read asked for (UUIDOption): a string, or two signed 64-bit halves. */
export function uuidMessage(id: string, structured: boolean): UUID {
  const uuid = new UUID();
  if (!structured) return uuid.setString(id);
  const hex = id.replace(/-/g, '');
  const half = (part: string) => BigInt.asIntN(64, BigInt(`0x${part}`)).toString();
  return uuid.setStructured(
    new UUID.Structured().setMostSignificantBits(half(hex.slice(0, 16))).setLeastSignificantBits(half(hex.slice(16))),
  );
}

export const streamName = (identifier: StreamIdentifier | undefined) =>
  Buffer.from(identifier?.getStreamName_asU8() ?? []).toString('utf8');

export const streamIdentifier = (name: string) => new StreamIdentifier().setStreamName(Buffer.from(name, 'utf8'));

/** What Append and BatchAppend propose alike. */
interface ProposedMessage {
  getId(): UUID | undefined;
  getMetadataMap(): { get(key: string): string | undefined };
  getData_asU8(): Uint8Array;
  getCustomMetadata_asU8(): Uint8Array;
}

export function proposedEvent(message: ProposedMessage): ProposedEvent {
  const metadata = message.getMetadataMap();
  const type = metadata.get('type');
  const contentType = metadata.get('content-type');
  // The server refuses a proposed message without these (RequiredMetadataPropertyMissing).
  if (type === undefined || contentType === undefined) throw new Error('a proposed message needs type and content-type');
  return {
    eventId: uuidString(message.getId()),
    type,
    contentType,
    data: message.getData_asU8(),
    metadata: message.getCustomMetadata_asU8(),
  };
}

/**
 * A read's event. Since 22.6 the server gives an event's `$all` position on stream reads too
 * (KurrentDB pull request 3459); the read event's own commit position only on reads of `$all`.
 */
export function readEvent(event: LoggedEvent, options: ReadReq.Options, ofAll: boolean): ReadResp {
  const recorded = new ReadResp.ReadEvent.RecordedEvent()
    .setId(uuidMessage(event.eventId, options.getUuidOption()?.hasStructured() ?? false))
    .setStreamIdentifier(streamIdentifier(event.streamId))
    .setStreamRevision(event.revision.toString())
    .setCommitPosition(event.position.toString())
    .setPreparePosition(event.position.toString())
    .setData(event.data)
    .setCustomMetadata(event.metadata);
  recorded.getMetadataMap().set('type', event.type).set('created', event.created.toString()).set('content-type', event.contentType);
  const read = new ReadResp.ReadEvent().setEvent(recorded);
  if (ofAll) read.setCommitPosition(event.position.toString());
  else read.setNoPosition(new Empty());
  return new ReadResp().setEvent(read);
}
