import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { CaseCommandService, type CommandResult } from '../../case-command.service';
import { RecordReturnVisitCommand } from './record-return-visit.command';

@CommandHandler(RecordReturnVisitCommand)
export class RecordReturnVisitHandler implements ICommandHandler<RecordReturnVisitCommand, CommandResult> {
  constructor(private readonly cases: CaseCommandService) {}

  execute({ caseId, body, request }: RecordReturnVisitCommand): Promise<CommandResult> {
    return this.cases.execute(caseId, request, () => ({ type: 'RecordReturnVisit', ...body }));
  }
}
