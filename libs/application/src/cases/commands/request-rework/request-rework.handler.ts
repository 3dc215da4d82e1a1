import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { CaseCommandService, type CommandResult } from '../../case-command.service';
import { RequestReworkCommand } from './request-rework.command';

@CommandHandler(RequestReworkCommand)
export class RequestReworkHandler implements ICommandHandler<RequestReworkCommand, CommandResult> {
  constructor(private readonly cases: CaseCommandService) {}

  execute({ caseId, body, request }: RequestReworkCommand): Promise<CommandResult> {
    return this.cases.execute(caseId, request, () => ({ type: 'RequestRework', ...body }));
  }
}
