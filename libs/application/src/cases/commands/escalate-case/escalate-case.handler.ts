import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { CaseCommandService, type CommandResult } from '../../case-command.service';
import { EscalateCaseCommand } from './escalate-case.command';

@CommandHandler(EscalateCaseCommand)
export class EscalateCaseHandler implements ICommandHandler<EscalateCaseCommand, CommandResult> {
  constructor(private readonly cases: CaseCommandService) {}

  execute({ caseId, body, request }: EscalateCaseCommand): Promise<CommandResult> {
    return this.cases.execute(caseId, request, () => ({ type: 'EscalateCase', ...body }));
  }
}
