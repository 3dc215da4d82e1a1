import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { CaseCommandService, type CommandResult } from '../../case-command.service';
import { PauseClockCommand } from './pause-clock.command';

@CommandHandler(PauseClockCommand)
export class PauseClockHandler implements ICommandHandler<PauseClockCommand, CommandResult> {
  constructor(private readonly cases: CaseCommandService) {}

  execute({ caseId, body, request }: PauseClockCommand): Promise<CommandResult> {
    return this.cases.execute(caseId, request, () => ({ type: 'PauseClock', ...body }));
  }
}
