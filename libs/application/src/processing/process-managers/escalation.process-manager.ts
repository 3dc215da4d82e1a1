import { Injectable, Logger } from '@nestjs/common';
import type { SlaBreached } from '@casebook/domain';
import type { StoredEvent } from '@casebook/event-store';
import { inLanes } from '@casebook/platform';
import type { Projection, Stored } from '@casebook/projections';
import { CaseCommandService } from '../../cases/case-command.service';
import { systemRequest } from '../../commands/system-request';
import { byStream, isRefusal } from './reactions';

/** Cases escalated at once; the breaches of one case always one after another, in order. */
const CONCURRENCY = 16;

/**
 * Escalation on breach (PRODUCT.md §5), a process manager (process-managers.ts): for each
 * SlaBreached, EscalateAfterBreach on its case, which the decider turns into a CaseEscalated one
 * level up (nothing at gm). The command derives its ids from the breach (systemRequest), whose
 * event id becomes the escalation's causation, so a batch replayed after a crash appends
 * nothing twice.
 *
 * A refusal is final for its breach, not retried: the case was closed before the breach got
 * here (a closed case is not escalated: expected, logged at debug), or is gone. Anything else
 * (the database, a case too busy to write) fails the batch, which the runner retries.
 */
@Injectable()
export class EscalationProcessManager implements Projection<SlaBreached> {
  readonly name = 'escalation';
  readonly version = 1;
  readonly types = ['SlaBreached'] as const;
  private readonly logger = new Logger('EscalationProcessManager');

  constructor(private readonly commands: CaseCommandService) {}

  async apply(events: Stored<SlaBreached>[]): Promise<void> {
    await inLanes(byStream(events), CONCURRENCY, async (breaches) => {
      for (const breach of breaches) await this.escalate(breach);
    });
  }

  private async escalate(breach: Stored<SlaBreached>): Promise<void> {
    const caseId = breach.streamId.slice('case-'.length);
    try {
      await this.commands.execute(caseId, systemRequest('escalate-after-breach', breach as StoredEvent), () => ({
        type: 'EscalateAfterBreach',
        clock: breach.data.clock,
      }));
    } catch (error) {
      if (!isRefusal(error)) throw error;
      const expected = error.code === 'INVALID_STATE_TRANSITION'; // closed meanwhile
      this.logger[expected ? 'debug' : 'warn'](`breach ${breach.eventId} of case ${caseId} escalates nothing: ${error.message}`);
    }
  }
}
