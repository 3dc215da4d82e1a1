import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { CaseCommandService, type CommandResult } from '../../../cases/case-command.service';
import { PenaltyNotices } from '../../notices/penalty-notices';
import { WaivePenaltyCommand } from './waive-penalty.command';

@CommandHandler(WaivePenaltyCommand)
export class WaivePenaltyHandler implements ICommandHandler<WaivePenaltyCommand, CommandResult> {
  constructor(
    private readonly cases: CaseCommandService,
    private readonly notices: PenaltyNotices,
  ) {}

  execute({ lineId, caseId, body, request }: WaivePenaltyCommand): Promise<CommandResult> {
    return this.cases.execute(caseId, request, async () => ({
      type: 'WaivePenalty',
      lineId,
      reason: body.reason,
      noticeApproved: await this.notices.isApproved(lineId),
    }));
  }
}
