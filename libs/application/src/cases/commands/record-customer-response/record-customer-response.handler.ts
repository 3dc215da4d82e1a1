import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { CaseCommandService, type CommandResult } from '../../case-command.service';
import { RecordCustomerResponseCommand } from './record-customer-response.command';

@CommandHandler(RecordCustomerResponseCommand)
export class RecordCustomerResponseHandler implements ICommandHandler<RecordCustomerResponseCommand, CommandResult> {
  constructor(private readonly cases: CaseCommandService) {}

  execute({ caseId, body, request }: RecordCustomerResponseCommand): Promise<CommandResult> {
    return this.cases.execute(caseId, request, () => ({ type: 'RecordCustomerResponse', ...body }));
  }
}
