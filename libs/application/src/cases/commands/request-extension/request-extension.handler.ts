import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { derivedId } from '../../../commands/envelopes';
import { CaseCommandService, type CommandResult } from '../../case-command.service';
import { RequestExtensionCommand } from './request-extension.command';

@CommandHandler(RequestExtensionCommand)
export class RequestExtensionHandler implements ICommandHandler<RequestExtensionCommand, CommandResult> {
  constructor(private readonly cases: CaseCommandService) {}

  execute({ caseId, body, request }: RequestExtensionCommand): Promise<CommandResult> {
    // Derived from the request, so a retry names the same request.
    return this.cases.execute(caseId, request, () => ({ type: 'RequestExtension', requestId: derivedId(request.idSeed, 'extension'), ...body }));
  }
}
