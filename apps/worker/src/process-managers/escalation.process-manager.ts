import { Injectable, Logger } from '@nestjs/common';
import { DomainError, type SlaBreached } from '@casebook/domain';
import type { StoredEvent } from '@casebook/event-store';
import { ProblemException } from '@casebook/platform';
import type { Projection, Stored } from '@casebook/projections';
import { CaseCommandService } from '../../../api/src/cases/case-command.service';
import { systemRequest } from '../../../api/src/cases/system-request';

/** Cases escalated at once; the breaches of one case always one after another, in order. */
const CONCURRENCY = 16;

/**
 * Escalation on breach (PRODUCT.md §5), a process manager (process-managers.ts): for each
 * SlaBreached, EscalateAfterBreach on its case, which the decider turns into a CaseEscalated one
 * level up (nothing at gm). The command derives its ids from the breach (systemRequest), whose
 * event id becomes the escalation's causation, so a batch replayed after a crash appends
 * nothing twice.
 *
 * A refusal is final for its breach and is logged, not retried: the case was closed before the
 * breach got here (a closed case is not escalated), or is gone. Anything else (the database,
 * a case too busy to write) fails the batch, which the runner retries.
 */
@Injectable()
export class EscalationProcessManager implements Projection<SlaBreached> {
  readonly name = 'escalation';
  readonly version = 1;
  readonly types = ['SlaBreached'] as const;
  private readonly logger = new Logger('EscalationProcessManager');

  constructor(private readonly commands: CaseCommandService) {}

  async apply(events: Stored<SlaBreached>[]): Promise<void> {
    const byCase = new Map<string, Stored<SlaBreached>[]>();
    for (const event of events) {
      const caseId = event.streamId.slice('case-'.length);
      byCase.set(caseId, [...(byCase.get(caseId) ?? []), event]);
    }
    const cases = [...byCase];
    let next = 0;
    let failure: { error: unknown } | undefined;
    const lane = async () => {
      while (next < cases.length && !failure) {
        const [caseId, breaches] = cases[next++];
        try {
          for (const breach of breaches) await this.escalate(caseId, breach);
        } catch (error) {
          failure ??= { error };
        }
      }
    };
    // On a failure, no lane takes up another case; the batch fails once every lane is idle.
    await Promise.all(Array.from({ length: Math.min(CONCURRENCY, cases.length) }, lane));
    if (failure) throw failure.error;
  }

  private async escalate(caseId: string, breach: Stored<SlaBreached>): Promise<void> {
    try {
      await this.commands.execute(caseId, systemRequest('escalate-after-breach', breach as StoredEvent), () => ({
        type: 'EscalateAfterBreach',
        clock: breach.data.clock,
      }));
    } catch (error) {
      const final = error instanceof DomainError || (error instanceof ProblemException && error.code === 'NOT_FOUND');
      if (!final) throw error;
      const expected = error instanceof DomainError && error.code === 'INVALID_STATE_TRANSITION'; // closed meanwhile
      this.logger[expected ? 'log' : 'warn'](`breach ${breach.eventId} of case ${caseId} escalates nothing: ${error.message}`);
    }
  }
}
