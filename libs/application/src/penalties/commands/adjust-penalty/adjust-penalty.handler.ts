import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { CaseCommandService, type CommandResult } from '../../../cases/case-command.service';
import { AdjustPenaltyCommand } from './adjust-penalty.command';

@CommandHandler(AdjustPenaltyCommand)
export class AdjustPenaltyHandler implements ICommandHandler<AdjustPenaltyCommand, CommandResult> {
  constructor(private readonly cases: CaseCommandService) {}

  execute({ lineId, caseId, body, request }: AdjustPenaltyCommand): Promise<CommandResult> {
    return this.cases.execute(caseId, request, () => ({ type: 'AdjustPenalty', lineId, points: body.points, reason: body.reason }));
  }
}
