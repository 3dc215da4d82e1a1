import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { CaseCommandService, type CommandResult } from '../../case-command.service';
import { CompleteRectificationCommand } from './complete-rectification.command';

@CommandHandler(CompleteRectificationCommand)
export class CompleteRectificationHandler implements ICommandHandler<CompleteRectificationCommand, CommandResult> {
  constructor(private readonly cases: CaseCommandService) {}

  execute({ caseId, body, request }: CompleteRectificationCommand): Promise<CommandResult> {
    return this.cases.execute(caseId, request, () => ({ type: 'CompleteRectification', ...body }));
  }
}
