import { v5 as uuidv5 } from 'uuid';
import type { NewEvent } from '@casebook/event-store';

/** Namespace of ids derived from a command id, so a retried command appends nothing new. */
const DERIVED_ID_NAMESPACE = '5b0f3c8e-8a52-4a0e-9f5e-6d1b8f7f2c11';
export const derivedId = (commandId: string, suffix: string) => uuidv5(`${commandId}/${suffix}`, DERIVED_ID_NAMESPACE);

export interface WriteContext {
  commandId: string;
  correlationId: string;
  causationId?: string;
  actorId: string;
  actorRole: string;
  recordedAt: string;
}

/** Wraps decided events for the store: derived ids, one recorded time, the common metadata. */
export function envelopes(
  events: { type: string; data: object }[],
  write: WriteContext,
  policyVersions: (type: string) => Record<string, number> | undefined = () => undefined,
): NewEvent[] {
  return events.map((event, i) => {
    const versions = policyVersions(event.type);
    return {
      eventId: derivedId(write.commandId, String(i)),
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
