import { setTimeout as sleep } from 'node:timers/promises';
import { HttpException, Injectable, Logger } from '@nestjs/common';
import { DomainError } from '@casebook/domain';
import type { StoredEvent } from '@casebook/event-store';
import { ProblemException } from '@casebook/platform';
import { PenaltyAssessor } from '../../../api/src/penalties/commands/assess-penalties/penalty-assessor';
import type { ProcessManager } from './process-managers';

/** The events that may cost penalties (PRODUCT.md §7). */
export const PENALTY_TRIGGERS = ['CaseClosed', 'SlaBreached', 'ShirkingRecorded', 'CaseReopened'] as const;

/** Cases assessed at once; the triggers of one case always one after another, in order. */
const CONCURRENCY = 16;
/** A case too busy to write (UNAVAILABLE) is tried again this many times before the batch fails. */
const BUSY_ATTEMPTS = 5;
const BUSY_PAUSE_MS = 200;

/**
 * A refusal no retry can turn into a success (a decision refused, a case not found): logged
 * and passed over, so one odd event never holds up the assessments of all later ones.
 */
const isFinalRefusal = (error: unknown): error is Error =>
  error instanceof DomainError || (error instanceof HttpException && error.getStatus() >= 400 && error.getStatus() < 500);

const isBusy = (error: unknown) => error instanceof ProblemException && error.code === 'UNAVAILABLE';

/**
 * A process manager (see process-managers.ts). Penalties (PRODUCT.md §7): for each valid
 * closure, SLA breach, shirking and reopen, AssessPenalties on its case with the event as
 * trigger and causation. The decider appends one PenaltyAssessed, or nothing (a second valid
 * closure, a reopen without an assignee, an external cause with no responsibility), once per
 * trigger: a batch replayed after a crash derives the same ids and decides nothing new.
 * Closures with an outcome other than `valid` (an invalid complaint among them) cost no
 * responsibility penalty and send nothing. Anything but a final refusal fails the batch,
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
    const byCase = new Map<string, StoredEvent[]>();
    for (const event of events) {
      if (event.type === 'CaseClosed' && event.data.outcome !== 'valid') continue;
      byCase.set(event.streamId, [...(byCase.get(event.streamId) ?? []), event]);
    }
    const cases = [...byCase.values()];
    let next = 0;
    const lane = async () => {
      while (next < cases.length) {
        for (const trigger of cases[next++]) await this.assess(trigger);
      }
    };
    await Promise.all(Array.from({ length: Math.min(CONCURRENCY, cases.length) }, lane));
  }

  private async assess(trigger: StoredEvent): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      try {
        await this.assessor.assess(trigger);
        return;
      } catch (error) {
        if (isFinalRefusal(error)) {
          this.logger.warn(`${trigger.type} ${trigger.eventId} of ${trigger.streamId} assesses nothing: ${error.message}`);
          return;
        }
        if (!isBusy(error) || attempt >= BUSY_ATTEMPTS) throw error;
        await sleep(BUSY_PAUSE_MS * attempt);
      }
    }
  }
}
