import { Injectable, Logger } from '@nestjs/common';
import type { StoredEvent } from '@casebook/event-store';
import { inLanes } from '@casebook/platform';
import { PenaltyAssessor } from '../../penalties/penalty-assessor';
import type { ProcessManager } from './process-managers';
import { byStream, isRefusal } from './reactions';

/** The events that may cost penalties (PRODUCT.md §7). */
export const PENALTY_TRIGGERS = ['CaseClosed', 'SlaBreached', 'ShirkingRecorded', 'CaseReopened'] as const;

/** Cases assessed at once; the triggers of one case always one after another, in order. */
const CONCURRENCY = 16;

/**
 * A process manager (see process-managers.ts). Penalties (PRODUCT.md §7): for each valid
 * closure, SLA breach, shirking and reopen, AssessPenalties on its case with the event as
 * trigger and causation. The decider appends one PenaltyAssessed, or nothing (a second valid
 * closure, a reopen without an assignee, an external cause with no responsibility), once per
 * trigger: a batch replayed after a crash derives the same ids and decides nothing new.
 * Closures with an outcome other than `valid` (an invalid complaint among them) cost no
 * responsibility penalty and send nothing. A refusal is logged and passed over, so one odd
 * event never holds up the assessments of all later ones; anything else fails the batch,
 * which the runner retries.
 */
@Injectable()
export class PenaltiesProcessManager implements ProcessManager {
  readonly name = 'penalty-assessment';
  readonly version = 1;
  readonly types = PENALTY_TRIGGERS;
  private readonly logger = new Logger('PenaltiesProcessManager');

  constructor(private readonly assessor: PenaltyAssessor) {}

  async apply(events: StoredEvent[]): Promise<void> {
    const triggers = events.filter((event) => event.type !== 'CaseClosed' || event.data.outcome === 'valid');
    await inLanes(byStream(triggers), CONCURRENCY, async (ofOneCase) => {
      for (const trigger of ofOneCase) await this.assess(trigger);
    });
  }

  private async assess(trigger: StoredEvent): Promise<void> {
    try {
      await this.assessor.assess(trigger);
    } catch (error) {
      if (!isRefusal(error)) throw error;
      this.logger.warn(`${trigger.type} ${trigger.eventId} of ${trigger.streamId} assesses nothing: ${error.message}`);
    }
  }
}
