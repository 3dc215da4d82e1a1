import type { Actor } from '@casebook/domain';

/**
 * What every command carries besides its body: who acts (a staff member through HTTP, or the
 * system for the worker's process managers), what they may act on, and how the write is traced.
 */
export interface CommandRequest {
  actor: Actor;
  /** The sites the actor may act on: those of the token that the directory also gives the staff member. */
  sites: string[] | 'all';
  /** `metadata.commandId` of the events written: the Idempotency-Key exactly as sent, else generated. */
  commandId: string;
  /**
   * Seed of the ids the command derives (event ids, a new case's id): from the Idempotency-Key
   * and its caller, a triggering event, or fresh. Never shown; two callers sending the same key
   * get different seeds.
   */
  idSeed: string;
  /** True when `idSeed` is stable across retries, so ids derived from it are too. */
  idempotent: boolean;
  correlationId: string;
  causationId?: string;
  /** From `If-Match`: the version the client decided on. */
  ifMatch?: bigint;
  /**
   * Decide with the policies in force at this instant rather than now: a process manager's
   * reaction to an event that must be priced with the policy of the event's time (penalties).
   */
  policiesAt?: string;
}
