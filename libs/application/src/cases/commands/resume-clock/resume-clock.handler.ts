import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { CaseCommandService, type CommandResult } from '../../case-command.service';
import { ResumeClockCommand } from './resume-clock.command';

@CommandHandler(ResumeClockCommand)
export class ResumeClockHandler implements ICommandHandler<ResumeClockCommand, CommandResult> {
  constructor(private readonly cases: CaseCommandService) {}

  execute({ caseId, body, request }: ResumeClockCommand): Promise<CommandResult> {
    return this.cases.execute(caseId, request, () => ({ type: 'ResumeClock', ...body }));
  }
}
