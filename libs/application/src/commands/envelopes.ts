import { v5 as uuidv5 } from 'uuid';
import type { NewEvent } from '@casebook/event-store';
import type { CommandRequest } from './command-request';

/** Namespace of ids derived from a command's id seed, so a retried command appends nothing new. */
const DERIVED_ID_NAMESPACE = '5b0f3c8e-8a52-4a0e-9f5e-6d1b8f7f2c11';
export const derivedId = (idSeed: string, suffix: string) => uuidv5(`${idSeed}/${suffix}`, DERIVED_ID_NAMESPACE);

/** What every event of one write shares. */
export interface WriteContext {
  /** `metadata.commandId`: the Idempotency-Key as sent, or a generated id. */
  commandId: string;
  /** Seed of the event ids (CommandRequest.idSeed). */
  idSeed: string;
  correlationId: string;
  causationId?: string;
  actorId: string;
  actorRole: string;
  recordedAt: string;
}

export const writeContext = (request: CommandRequest, recordedAt: string): WriteContext => ({
  commandId: request.commandId,
  idSeed: request.idSeed,
  correlationId: request.correlationId,
  causationId: request.causationId,
  actorId: request.actor.id,
  actorRole: request.actor.role,
  recordedAt,
});

/** Wraps decided events for the store: derived ids, one recorded time, the common metadata. */
export function envelopes(
  events: { type: string; data: object }[],
  write: WriteContext,
  policyVersions: (type: string) => Record<string, number> | undefined = () => undefined,
): NewEvent[] {
  return events.map((event, i) => {
    const versions = policyVersions(event.type);
    return {
      eventId: derivedId(write.idSeed, String(i)),
      type: event.type,
      version: 1,
      data: event.data as Record<string, unknown>,
      recordedAt: write.recordedAt,
      metadata: {
        actorId: write.actorId,
        actorRole: write.actorRole,
        commandId: write.commandId,
        correlationId: write.correlationId,
        causationId: write.causationId ?? write.commandId,
        ...(versions ? { policyVersions: versions } : {}),
      },
    };
  });
}
