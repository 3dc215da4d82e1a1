import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { CaseCommandService, type CommandResult } from '../../../cases/case-command.service';
import { PenaltyNotices } from '../../notices/penalty-notices';
import { AdjustPenaltyCommand } from './adjust-penalty.command';

@CommandHandler(AdjustPenaltyCommand)
export class AdjustPenaltyHandler implements ICommandHandler<AdjustPenaltyCommand, CommandResult> {
  constructor(
    private readonly cases: CaseCommandService,
    private readonly notices: PenaltyNotices,
  ) {}

  execute({ lineId, caseId, body, request }: AdjustPenaltyCommand): Promise<CommandResult> {
    return this.cases.execute(caseId, request, async () => ({
      type: 'AdjustPenalty',
      lineId,
      points: body.points,
      reason: body.reason,
      noticeApproved: await this.notices.isApproved(lineId),
    }));
  }
}
