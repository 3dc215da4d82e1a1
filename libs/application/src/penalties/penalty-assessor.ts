import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { caseStreamId, fold, penaltyTargets, toRecorded, unavailable, type AssessPenalties, type PenaltyTrigger } from '@casebook/domain';
import { EVENT_STORE, type EventStore, type StoredEvent } from '@casebook/event-store';
import { getStaff } from '@casebook/projections/directory.queries';
import { waitForProjections } from '@casebook/read-models';
import { CaseCommandService, type CommandResult } from '../cases/case-command.service';
import { derivedId } from '../commands/envelopes';
import { systemRequest } from '../commands/system-request';

/**
 * AssessPenalties, the system's reaction to an event that may cost penalties (PRODUCT.md §7),
 * sent by the penalties process manager through the one command path. Its id derives from the
 * trigger, and the decision context carries the policies in force when the trigger was
 * recorded (`policiesAt`). The facts the decider needs are read here: the case as the trigger
 * left it (its stream up to the trigger's revision), and the department of each staff member
 * the lines may name, as the directory has it now, when the line is decided.
 *
 * Both the policies and the directory are read models: an assessment waits until they have
 * seen the trigger (a worker that has just started may run this before its policies projection
 * has caught up), else it is put off (UNAVAILABLE: the runner tries again), never decided on
 * an older policy.
 */
/** How long an assessment waits for the read models it decides with to reach its trigger. */
const READ_MODELS_WITHIN_MS = 5000;

@Injectable()
export class PenaltyAssessor {
  constructor(
    private readonly cases: CaseCommandService,
    private readonly db: DataSource,
    @Inject(EVENT_STORE) private readonly store: EventStore,
  ) {}

  async assess(trigger: StoredEvent): Promise<CommandResult> {
    if (!(await waitForProjections(this.db, ['policies', 'directory'], trigger.position, READ_MODELS_WITHIN_MS))) {
      throw unavailable(`the policies and directory read models have not reached event ${trigger.eventId} yet`);
    }
    const caseId = trigger.streamId.slice('case-'.length);
    const request = { ...systemRequest('assess-penalties', trigger), policiesAt: trigger.recordedAt };
    return this.cases.execute(caseId, request, async (): Promise<AssessPenalties> => {
      const events = await this.store.readStream(caseStreamId(caseId), { max: Number(trigger.revision) + 1 });
      const last = events[events.length - 1];
      if (last?.eventId !== trigger.eventId) throw new Error(`event ${trigger.eventId} is not at revision ${trigger.revision} of ${trigger.streamId}`);
      const atTrigger = fold(events.map(toRecorded))!;
      const penaltyTrigger: PenaltyTrigger = { ...toRecorded(trigger), eventId: trigger.eventId };
      const staffIds = [
        ...new Set(penaltyTargets(penaltyTrigger, atTrigger).filter((t) => t.targetType === 'staff').map((t) => t.targetId)),
      ];
      const staffDepartments: Record<string, string> = {};
      for (const id of staffIds) {
        const staff = await getStaff(this.db.manager, id);
        if (staff) staffDepartments[id] = staff.departmentId;
      }
      return {
        type: 'AssessPenalties',
        assessmentId: derivedId(request.idSeed, 'assessment'),
        trigger: penaltyTrigger,
        atTrigger,
        staffDepartments,
      };
    });
  }
}
