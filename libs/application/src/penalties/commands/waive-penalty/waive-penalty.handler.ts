import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { CaseCommandService, type CommandResult } from '../../../cases/case-command.service';
import { WaivePenaltyCommand } from './waive-penalty.command';

@CommandHandler(WaivePenaltyCommand)
export class WaivePenaltyHandler implements ICommandHandler<WaivePenaltyCommand, CommandResult> {
  constructor(private readonly cases: CaseCommandService) {}

  execute({ lineId, caseId, body, request }: WaivePenaltyCommand): Promise<CommandResult> {
    return this.cases.execute(caseId, request, () => ({ type: 'WaivePenalty', lineId, reason: body.reason }));
  }
}
