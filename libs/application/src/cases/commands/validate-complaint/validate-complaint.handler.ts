import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { CaseCommandService, type CommandResult } from '../../case-command.service';
import { ValidateComplaintCommand } from './validate-complaint.command';

@CommandHandler(ValidateComplaintCommand)
export class ValidateComplaintHandler implements ICommandHandler<ValidateComplaintCommand, CommandResult> {
  constructor(private readonly cases: CaseCommandService) {}

  execute({ caseId, body, request }: ValidateComplaintCommand): Promise<CommandResult> {
    return this.cases.execute(caseId, request, () => ({ type: 'ValidateComplaint', ...body }));
  }
}
