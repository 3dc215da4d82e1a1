import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { CaseCommandService, type CommandResult } from '../../case-command.service';
import { RecordReplyCommand } from './record-reply.command';

@CommandHandler(RecordReplyCommand)
export class RecordReplyHandler implements ICommandHandler<RecordReplyCommand, CommandResult> {
  constructor(private readonly cases: CaseCommandService) {}

  execute({ caseId, body, request }: RecordReplyCommand): Promise<CommandResult> {
    return this.cases.execute(caseId, request, () => ({ type: 'RecordReply', ...body }));
  }
}
