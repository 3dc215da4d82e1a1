import { Inject, Optional } from '@nestjs/common';
import { countCommand, MetricsService } from '../operations/metrics.service';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { DataSource } from 'typeorm';
import { decidePolicy, policyStreamId, type PolicyName, type Versioned } from '@casebook/domain';
import { EVENT_STORE, WrongExpectedRevisionError, type EventStore } from '@casebook/event-store';
import { CLOCK, ProblemException, type Caller, type Clock } from '@casebook/platform';
import { waitForProjections } from '@casebook/read-models';
import { envelopes } from '../events/envelopes';

export class ChangePolicyMessage {
  constructor(
    readonly name: PolicyName,
    /** The whole policy document as the admin sent it; validated by the decider. */
    readonly body: unknown,
    readonly caller: Caller,
    readonly commandId: string,
    /** `If-Match`: the version the admin's change was made on; absent: whatever is current. */
    readonly ifMatch?: bigint,
  ) {}
}

/** How long a policy change waits for the policies read model, so it is in force when it returns. */
const VISIBLE_WITHIN_MS = 5000;
/** How often a change is decided again when a concurrent change wins. */
const MAX_ATTEMPTS = 5;

/**
 * ChangePolicy: reads the policy's stream, decides the next version, appends it with the
 * revision it was decided on, and waits for the policies projection. Without If-Match a
 * concurrent change that won is simply followed by this one (a PUT replaces the whole
 * document); with If-Match it is a 412.
 */
@CommandHandler(ChangePolicyMessage)
export class ChangePolicyHandler implements ICommandHandler<ChangePolicyMessage, Versioned<unknown>> {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly db: DataSource,
    @Optional() private readonly metrics?: MetricsService,
  ) {}

  execute(message: ChangePolicyMessage): Promise<Versioned<unknown>> {
    return countCommand(this.metrics, 'ChangePolicy', () => this.decideAndAppend(message));
  }

  private async decideAndAppend({ name, body, caller, commandId, ifMatch }: ChangePolicyMessage): Promise<Versioned<unknown>> {
    const streamId = policyStreamId(name);
    for (let attempt = 1; ; attempt++) {
      const [last] = await this.store.readStream(streamId, { direction: 'backwards', max: 1 });
      const current = last ? Number(last.data.version) : 1;
      if (ifMatch !== undefined && BigInt(current) !== ifMatch) {
        throw new ProblemException('CONCURRENCY_CONFLICT', `policy ${name} is at version ${current}`);
      }
      const event = decidePolicy(name, body, current, caller.id);
      const write = { commandId, correlationId: commandId, actorId: caller.id, actorRole: caller.role, recordedAt: this.clock.now().toISOString() };
      try {
        const { position } = await this.store.append(streamId, envelopes([event], write), {
          expectedRevision: last ? last.revision : 'no_stream',
        });
        this.metrics?.eventsAppended([event.type]);
        // PRODUCT.md §12 / API.md: the change is in force for every later request once this returns.
        await waitForProjections(this.db, ['policies'], position, VISIBLE_WITHIN_MS);
        return { version: event.data.version, policy: event.data.body };
      } catch (error) {
        if (!(error instanceof WrongExpectedRevisionError)) throw error;
        if (ifMatch !== undefined) throw new ProblemException('CONCURRENCY_CONFLICT', `policy ${name} changed meanwhile`);
        if (attempt >= MAX_ATTEMPTS) throw new ProblemException('UNAVAILABLE', `policy ${name} is changing too often, try again`);
      }
    }
  }
}
