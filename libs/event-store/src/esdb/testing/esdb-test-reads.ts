import { randomUUID } from 'node:crypto';
import { status, type ServerWritableStream } from '@grpc/grpc-js';
import { ReadReq, ReadResp } from '@eventstore/db-client/generated/streams_pb';
import { matchesFilter, type EsdbTestLog, type EventFilter, type LoggedEvent } from './esdb-test-log';
import { readEvent, streamName } from './esdb-test-messages';

type ReadCall = ServerWritableStream<ReadReq, ReadResp>;
const { StreamOptionCase, CountOptionCase, FilterOptionCase, ReadDirection } = ReadReq.Options;
const { AllOptionCase } = ReadReq.Options.AllOptions;
const { RevisionOptionCase } = ReadReq.Options.StreamOptions;

/** How many events a filtered read considers per page when the filter names no window (Enumerators.ReadBatchSize). */
const DEFAULT_SEARCH_WINDOW = 32;

/**
 * Streams.Read: a stream or `$all`, forwards or backwards, or a catch-up subscription to
 * `$all`. Reads of `$all` from a position include the event at it; subscriptions start after
 * it (the client's own tests, readAll "from position" and subscribeToAll "from position").
 */
export async function read(log: EsdbTestLog, call: ReadCall): Promise<void> {
  const options = call.request.getOptions();
  if (!options) return fail(call, status.INVALID_ARGUMENT, 'read options are missing');
  const filter = filterOf(options);
  if (options.getCountOptionCase() === CountOptionCase.SUBSCRIPTION) {
    if (options.getStreamOptionCase() !== StreamOptionCase.ALL) {
      return fail(call, status.UNIMPLEMENTED, 'the test server subscribes to $all only');
    }
    return subscribeToAll(log, call, options, filter);
  }
  const count = BigInt(options.getCount());
  const backwards = options.getReadDirection() === ReadDirection.BACKWARDS;
  if (options.getStreamOptionCase() === StreamOptionCase.STREAM) {
    const stream = options.getStream()!;
    const events = log.stream(streamName(stream.getStreamIdentifier()));
    if (!events) {
      const notFound = new ReadResp.StreamNotFound().setStreamIdentifier(stream.getStreamIdentifier());
      await send(call, new ReadResp().setStreamNotFound(notFound));
    } else {
      for (const event of take(streamEvents(events, stream, backwards), count)) await send(call, readEvent(event, options, false));
    }
  } else {
    const matching = allEvents(log.all, options.getAll()!, backwards).filter((event) => !filter || matchesFilter(filter, event));
    for (const event of take(matching, count)) await send(call, readEvent(event, options, true));
  }
  call.end();
}

function streamEvents(events: readonly LoggedEvent[], options: ReadReq.Options.StreamOptions, backwards: boolean) {
  const last = events.length - 1;
  const from = (() => {
    switch (options.getRevisionOptionCase()) {
      case RevisionOptionCase.START:
        return 0;
      case RevisionOptionCase.END:
        return backwards ? last : events.length;
      default:
        return Math.min(Number(options.getRevision()), events.length);
    }
  })();
  return backwards ? events.slice(0, Math.min(from, last) + 1).reverse() : events.slice(from);
}

/** `$all` from a position: forwards, the events at or after it; backwards, those before it. */
function allEvents(all: readonly LoggedEvent[], options: ReadReq.Options.AllOptions, backwards: boolean) {
  const from = (() => {
    switch (options.getAllOptionCase()) {
      case AllOptionCase.START:
        return 0;
      case AllOptionCase.END:
        return all.length;
      default:
        return firstAtOrAfter(all, options.getPosition()!);
    }
  })();
  return backwards ? all.slice(0, from).reverse() : all.slice(from);
}

/**
 * The index of the first event at or after a position, by (commit, prepare) as the server
 * compares them. An event's commit and prepare positions are equal (see LoggedEvent).
 */
function firstAtOrAfter(all: readonly LoggedEvent[], position: ReadReq.Options.Position): number {
  const commit = BigInt(position.getCommitPosition());
  const prepare = BigInt(position.getPreparePosition());
  const index = all.findIndex((event) => event.position > commit || (event.position === commit && event.position >= prepare));
  return index === -1 ? all.length : index;
}

const take = <T>(items: T[], count: bigint) => (count < BigInt(items.length) ? items.slice(0, Number(count)) : items);

function filterOf(options: ReadReq.Options): EventFilter | undefined {
  if (options.getFilterOptionCase() !== FilterOptionCase.FILTER) return undefined;
  const filter = options.getFilter()!;
  const expression = filter.getStreamIdentifier() ?? filter.getEventType()!;
  return {
    on: filter.hasStreamIdentifier() ? 'stream' : 'type',
    prefixes: expression.getPrefixList(),
    regex: expression.getRegex() ? new RegExp(expression.getRegex()) : undefined,
  };
}

/**
 * A catch-up subscription (Enumerators.AllSubscription[Filtered]): a confirmation, the
 * events after the start position, a checkpoint whenever a filtered subscription has
 * considered `multiplier × window` more events, "caught up" once (servers since 23.10), then
 * live events as they are appended. The log is read by index, so catch-up and live are one
 * loop and nothing is sent twice. It ends when the client cancels or the server stops.
 */
async function subscribeToAll(log: EsdbTestLog, call: ReadCall, options: ReadReq.Options, filter: EventFilter | undefined) {
  await send(call, new ReadResp().setConfirmation(new ReadResp.SubscriptionConfirmation().setSubscriptionId(randomUUID())));
  const start = options.getAll()!;
  let next = (() => {
    switch (start.getAllOptionCase()) {
      case AllOptionCase.START:
        return 0;
      case AllOptionCase.END:
        return log.all.length;
      default: {
        // The server reads one event from the position and starts after it (Subscribe: NextPos).
        const at = firstAtOrAfter(log.all, start.getPosition()!);
        return Math.min(at + 1, log.all.length);
      }
    }
  })();
  const settings = options.getFilter();
  const checkpointEvery = filter && settings ? settings.getCheckpointintervalmultiplier() * (settings.hasMax() ? settings.getMax() : DEFAULT_SEARCH_WINDOW) : 0;
  let considered = 0;
  let caughtUp = false;
  let wake: (() => void) | undefined;
  const stopListening = log.onAppend(() => wake?.());
  const onCancelled = () => wake?.();
  call.once('cancelled', onCancelled);
  try {
    while (!call.cancelled) {
      while (next < log.all.length && !call.cancelled) {
        const event = log.all[next++];
        if (!filter || matchesFilter(filter, event)) await send(call, readEvent(event, options, true));
        if (checkpointEvery > 0 && ++considered % checkpointEvery === 0) {
          const position = event.position.toString();
          await send(call, new ReadResp().setCheckpoint(new ReadResp.Checkpoint().setCommitPosition(position).setPreparePosition(position)));
        }
      }
      if (!caughtUp) {
        caughtUp = true;
        await send(call, new ReadResp().setCaughtUp(new ReadResp.CaughtUp()));
      }
      await new Promise<void>((resolve) => {
        wake = resolve;
        if (call.cancelled) resolve();
      });
    }
  } finally {
    stopListening();
    call.off('cancelled', onCancelled);
  }
}

/** Writes one message, waiting while the client's window is full (unless the call ends). */
async function send(call: ReadCall, message: ReadResp): Promise<void> {
  if (call.cancelled || call.write(message)) return;
  await untilFirst(call, ['drain', 'cancelled']);
}

/** The first of these events on the call; then it stops listening for all of them. */
function untilFirst(call: ReadCall, events: string[]): Promise<void> {
  if (call.cancelled) return Promise.resolve();
  return new Promise((resolve) => {
    const done = () => {
      events.forEach((event) => call.off(event, done));
      resolve();
    };
    events.forEach((event) => call.once(event, done));
  });
}

function fail(call: ReadCall, code: status, details: string) {
  call.emit('error', { code, details });
}
