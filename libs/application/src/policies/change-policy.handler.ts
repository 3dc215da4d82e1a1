import { Inject, Optional } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { DataSource } from 'typeorm';
import { decidePolicy, DomainError, policyStreamId, type PolicyName, type Versioned } from '@casebook/domain';
import { EVENT_STORE, type EventStore } from '@casebook/event-store';
import { CLOCK, type Clock } from '@casebook/platform';
import { waitForProjections } from '@casebook/read-models';
import { COMMAND_METRICS, NO_COMMAND_METRICS, type CommandMetrics } from '../commands/command-metrics';
import type { CommandRequest } from '../commands/command-request';
import { envelopes, writeContext } from '../commands/envelopes';
import { revisionAfter, Turns } from '../commands/turns';

export class ChangePolicyMessage {
  constructor(
    readonly name: PolicyName,
    /** The whole policy document as the admin sent it; validated by the decider. */
    readonly body: unknown,
    /** Its `ifMatch` is the version the admin's change was made on; absent: whatever is current. */
    readonly request: CommandRequest,
  ) {}
}

/** How long a policy change waits for the policies read model, so it is in force when it returns. */
const VISIBLE_WITHIN_MS = 5000;

/**
 * ChangePolicy: in the policy stream's turn, read it, decide the next version, append it at the
 * revision it was decided on, and wait for the policies projection. Without If-Match a change
 * that lost a race is decided again on top of the winner (a PUT replaces the whole document);
 * with If-Match it is CONCURRENCY_CONFLICT.
 */
@CommandHandler(ChangePolicyMessage)
export class ChangePolicyHandler implements ICommandHandler<ChangePolicyMessage, Versioned<unknown>> {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly db: DataSource,
    private readonly turns: Turns,
    @Optional() @Inject(COMMAND_METRICS) private readonly metrics: CommandMetrics = NO_COMMAND_METRICS,
  ) {}

  execute(message: ChangePolicyMessage): Promise<Versioned<unknown>> {
    return this.metrics.command(() => 'ChangePolicy', () => this.decideAndAppend(message));
  }

  private async decideAndAppend({ name, body, request }: ChangePolicyMessage): Promise<Versioned<unknown>> {
    const streamId = policyStreamId(name);
    const { event, position } = await this.turns.take(streamId, async () => {
      const stored = await this.store.readStream(streamId);
      const current = stored.length > 0 ? Number(stored[stored.length - 1].data.version) : 1;
      if (request.ifMatch !== undefined && BigInt(current) !== request.ifMatch) {
        throw new DomainError('CONCURRENCY_CONFLICT', `policy ${name} is at version ${current}`);
      }
      const event = decidePolicy(name, body, current, request.actor.id);
      const write = writeContext(request, this.clock.now().toISOString());
      const { position } = await this.store.append(streamId, envelopes([event], write), { expectedRevision: revisionAfter(stored) });
      return { event, position };
    });
    // PRODUCT.md §12 / API.md: the change is in force for every later request once this returns.
    await waitForProjections(this.db, ['policies'], position, VISIBLE_WITHIN_MS);
    return { version: event.data.version, policy: event.data.body };
  }
}
