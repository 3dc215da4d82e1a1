import { v5 as uuidv5 } from 'uuid';
import type { StoredEvent } from '@casebook/event-store';
import type { CommandRequest } from './command-request';

const SYSTEM_COMMAND_NAMESPACE = '2f6b9a4e-7c1d-4e8a-b3f5-9d0c6e1a7b24';

/**
 * A command the system sends in reaction to an event (a process manager, the SLA watcher).
 * Its id derives from the trigger and the reaction, so a reaction replayed after a crash
 * derives the same event ids and appends nothing twice.
 */
export function systemRequest(reaction: string, trigger: Pick<StoredEvent, 'eventId' | 'metadata'> | { key: string }): CommandRequest {
  const seed = 'key' in trigger ? trigger.key : trigger.eventId;
  const commandId = uuidv5(`${reaction}/${seed}`, SYSTEM_COMMAND_NAMESPACE);
  return {
    actor: { id: 'system', role: 'system' },
    sites: 'all',
    commandId,
    idSeed: commandId,
    idempotent: true,
    correlationId: 'key' in trigger ? seed : trigger.metadata.correlationId,
    ...('key' in trigger ? {} : { causationId: trigger.eventId }),
  };
}
