import type { WaivePenalty } from '@casebook/domain';
import { CaseCommandMessage } from '../../../cases/case-command.message';
import type { CommandRequest } from '../../../commands/command-request';

export type WaivePenaltyBody = Omit<WaivePenalty, 'type' | 'lineId'>;

/** WaivePenalty on the case that holds the line (the HTTP layer finds it from the ledger). */
export class WaivePenaltyCommand extends CaseCommandMessage<WaivePenaltyBody> {
  constructor(
    readonly lineId: string,
    caseId: string,
    body: WaivePenaltyBody,
    request: CommandRequest,
  ) {
    super(caseId, body, request);
  }
}
