import { START, type Position, type ReadPosition } from '@eventstore/db-client';

/**
 * How EventStoreDB's positions become the port's bigint positions, and back.
 *
 * EventStoreDB orders `$all` by a pair of transaction-log offsets, (commit, prepare). An event
 * appended through gRPC is written as a "self-committed" prepare record: its commit and
 * prepare positions are both the offset of its own record (StorageWriterService writes
 * every event of an append with PrepareFlags.IsCommitted; AllReader positions such a record
 * at TFPos(LogPosition, LogPosition)). So one offset identifies an event exactly, and the
 * port's position is that offset; to resume after position p the adapter asks for
 * {commit: p, prepare: p}, the very event it stands for, never a neighbour. Only events of
 * explicit transactions, a feature of the retired TCP API that Casebook never uses, have
 * commit ≠ prepare; mapping one is refused rather than guessed.
 *
 * Why a checkpoint stays exact: the server has one writer, appends' records follow one
 * another in the log (so the events of one append are consecutive in `$all`), and readers
 * of `$all` only see records up to the last indexed position, which advances in log order.
 * What a reader sees is therefore always a prefix of `$all`: no event can later appear
 * before a position already seen, unlike PostgreSQL sequences (ARCHITECTURE.md decision 3).
 *
 * Offsets are below 2^63 (a log of 8 EiB), so they fit the signed 64-bit columns that
 * projections keep checkpoints in. Servers before 22.6 give 2^64 − 1 (Position.End) as the
 * position of events read from a stream (KurrentDB pull request 3459 added real ones);
 * those are refused too: the adapter needs EventStoreDB 22.6 or later.
 *
 * 0n means "before every event": the log starts with an epoch record, so no event is at 0.
 */
const MAX_POSITION = 2n ** 63n - 1n;

export function portPosition(position: Position | undefined, what: string): bigint {
  if (!position || position.commit !== position.prepare || position.commit > MAX_POSITION) {
    const got = position ? `commit ${position.commit}, prepare ${position.prepare}` : 'no position';
    throw new Error(`${what} has ${got}: Casebook needs events appended through gRPC to EventStoreDB 22.6 or later`);
  }
  return position.commit;
}

/** The position of the event at port position `position`, or the start of `$all` for 0n and undefined. */
export const esdbPosition = (position: bigint | undefined): ReadPosition =>
  position === undefined || position === 0n ? START : { commit: position, prepare: position };
