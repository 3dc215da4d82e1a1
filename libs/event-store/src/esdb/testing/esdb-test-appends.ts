import { status, type sendUnaryData, type ServerDuplexStream, type ServerReadableStream } from '@grpc/grpc-js';
import { Any } from 'google-protobuf/google/protobuf/any_pb';
import { Empty as ProtobufEmpty } from 'google-protobuf/google/protobuf/empty_pb';
import { Code } from '@eventstore/db-client/generated/code_pb';
import { AllStreamPosition, Empty, WrongExpectedVersion } from '@eventstore/db-client/generated/shared_pb';
import { Status } from '@eventstore/db-client/generated/status_pb';
import { AppendReq, AppendResp, BatchAppendReq, BatchAppendResp } from '@eventstore/db-client/generated/streams_pb';
import type { AppendOutcome, EsdbTestLog, ExpectedState, ProposedEvent } from './esdb-test-log';
import { proposedEvent, streamName, uuidString } from './esdb-test-messages';

/** Counts the appends the server received: one per append, however many events it carried. */
export interface AppendCounter {
  appends: number;
}

/** Streams.Append (Streams.Append.cs): the options, then the proposed events; one answer. */
export function append(log: EsdbTestLog, counter: AppendCounter, call: ServerReadableStream<AppendReq, AppendResp>, callback: sendUnaryData<AppendResp>) {
  const requests: AppendReq[] = [];
  call.on('data', (request: AppendReq) => requests.push(request));
  call.on('end', () => {
    const options = requests[0]?.getOptions();
    if (!options) return callback({ code: status.INVALID_ARGUMENT, details: 'an append starts with its options' });
    const expected = expectedState(options.getExpectedStreamRevisionCase(), AppendReq.Options.ExpectedStreamRevisionCase, options.getRevision());
    let events: ProposedEvent[];
    try {
      events = requests.slice(1).map((request) => proposedEvent(request.getProposedMessage()!));
    } catch (error) {
      return callback({ code: status.INVALID_ARGUMENT, details: (error as Error).message });
    }
    counter.appends++;
    const outcome = log.append(streamName(options.getStreamIdentifier()), expected, events);
    callback(null, appendResponse(outcome, expected));
  });
}

function appendResponse(outcome: AppendOutcome, expected: ExpectedState): AppendResp {
  if (outcome.result === 'success') {
    const position = new AppendResp.Position().setCommitPosition(outcome.position.toString()).setPreparePosition(outcome.position.toString());
    return new AppendResp().setSuccess(new AppendResp.Success().setCurrentRevision(outcome.revision.toString()).setPosition(position));
  }
  const wrong = new AppendResp.WrongExpectedVersion();
  if (outcome.current === undefined) wrong.setCurrentNoStream(new Empty());
  else wrong.setCurrentRevision(outcome.current.toString());
  if (expected === 'any') wrong.setExpectedAny(new Empty());
  else if (expected === 'stream_exists') wrong.setExpectedStreamExists(new Empty());
  else if (expected === 'no_stream') wrong.setExpectedNoStream(new Empty());
  else wrong.setExpectedRevision(expected.toString());
  return new AppendResp().setWrongExpectedVersion(wrong);
}

/**
 * Streams.BatchAppend (Streams.BatchAppend.cs), what the client uses when the server offers
 * it: one long-lived call carrying many appends, each a correlation id with its options,
 * proposed events split over requests up to the final one, and one response. A wrong
 * expected version is an error status carrying the details.
 */
export function batchAppend(log: EsdbTestLog, counter: AppendCounter, call: ServerDuplexStream<BatchAppendReq, BatchAppendResp>) {
  const pending = new Map<string, { streamId: string; expected: ExpectedState; events: ProposedEvent[] }>();
  call.on('data', (request: BatchAppendReq) => {
    const correlationId = uuidString(request.getCorrelationId());
    const options = request.getOptions();
    if (options) {
      const expected = expectedState(options.getExpectedStreamPositionCase(), BatchAppendReq.Options.ExpectedStreamPositionCase, options.getStreamPosition());
      pending.set(correlationId, { streamId: streamName(options.getStreamIdentifier()), expected, events: [] });
    }
    const write = pending.get(correlationId);
    if (!write) return;
    write.events.push(...request.getProposedMessagesList().map(proposedEvent));
    if (!request.getIsFinal()) return;
    pending.delete(correlationId);
    counter.appends++;
    const response = batchAppendResponse(log.append(write.streamId, write.expected, write.events), write.expected)
      .setCorrelationId(request.getCorrelationId())
      .setStreamIdentifier(options?.getStreamIdentifier());
    call.write(response);
  });
  call.on('end', () => call.end());
}

function batchAppendResponse(outcome: AppendOutcome, expected: ExpectedState): BatchAppendResp {
  if (outcome.result === 'success') {
    const position = new AllStreamPosition().setCommitPosition(outcome.position.toString()).setPreparePosition(outcome.position.toString());
    return new BatchAppendResp().setSuccess(new BatchAppendResp.Success().setCurrentRevision(outcome.revision.toString()).setPosition(position));
  }
  const wrong = new WrongExpectedVersion();
  if (outcome.current === undefined) wrong.setCurrentNoStream(new ProtobufEmpty());
  else wrong.setCurrentStreamRevision(outcome.current.toString());
  if (expected === 'any') wrong.setExpectedAny(new ProtobufEmpty());
  else if (expected === 'stream_exists') wrong.setExpectedStreamExists(new ProtobufEmpty());
  else if (expected === 'no_stream') wrong.setExpectedNoStream(new ProtobufEmpty());
  else wrong.setExpectedStreamPosition(expected.toString());
  const details = new Any();
  details.pack(wrong.serializeBinary(), 'event_store.client.WrongExpectedVersion');
  // Status.WrongExpectedVersion in the server: code AlreadyExists.
  return new BatchAppendResp().setError(new Status().setCode(Code.ALREADY_EXISTS).setMessage('WrongExpectedVersion').setDetails(details));
}

/** The expected state of either kind of append; `revision` applies when neither of the others is set. */
function expectedState(
  which: number,
  cases: { NO_STREAM: number; ANY: number; STREAM_EXISTS: number },
  revision: string,
): ExpectedState {
  switch (which) {
    case cases.NO_STREAM:
      return 'no_stream';
    case cases.ANY:
      return 'any';
    case cases.STREAM_EXISTS:
      return 'stream_exists';
    default:
      return BigInt(revision);
  }
}
