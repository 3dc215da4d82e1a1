import type { Actor } from '@casebook/domain';

/**
 * What every command carries besides its body: who acts (a staff member through HTTP, or the
 * system for the worker's process managers), what they may see, and how the write is traced.
 */
export interface CommandRequest {
  actor: Actor;
  /** The sites the actor may see and act on. */
  sites: string[] | 'all';
  /** Seed of the ids the command derives: an Idempotency-Key's, a triggering event's, or fresh. */
  commandId: string;
  /** True when `commandId` is stable across retries, so ids derived from it are too. */
  idempotent: boolean;
  correlationId: string;
  causationId?: string;
  /** From `If-Match`: the case version the client decided on. */
  ifMatch?: bigint;
  /**
   * Decide with the policies in force at this instant rather than now: a process manager's
   * reaction to an event that must be priced with the policy of the event's time (penalties).
   */
  policiesAt?: string;
}
