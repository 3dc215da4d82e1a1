import type { AdjustPenalty } from '@casebook/domain';
import { CaseCommandMessage } from '../../../cases/case-command.message';
import type { CommandRequest } from '../../../commands/command-request';

export type AdjustPenaltyBody = Omit<AdjustPenalty, 'type' | 'lineId'>;

/** AdjustPenalty on the case that holds the line (the HTTP layer finds it from the ledger). */
export class AdjustPenaltyCommand extends CaseCommandMessage<AdjustPenaltyBody> {
  constructor(
    readonly lineId: string,
    caseId: string,
    body: AdjustPenaltyBody,
    request: CommandRequest,
  ) {
    super(caseId, body, request);
  }
}
