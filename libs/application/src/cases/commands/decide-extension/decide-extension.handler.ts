import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { CaseCommandService, type CommandResult } from '../../case-command.service';
import { DecideExtensionCommand } from './decide-extension.command';

@CommandHandler(DecideExtensionCommand)
export class DecideExtensionHandler implements ICommandHandler<DecideExtensionCommand, CommandResult> {
  constructor(private readonly cases: CaseCommandService) {}

  execute({ caseId, body, request }: DecideExtensionCommand): Promise<CommandResult> {
    return this.cases.execute(caseId, request, () => ({ type: 'DecideExtension', ...body }));
  }
}
