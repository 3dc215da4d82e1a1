import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { CaseCommandService, type CommandResult } from '../../case-command.service';
import { ResolveOnTheSpotCommand } from './resolve-on-the-spot.command';

@CommandHandler(ResolveOnTheSpotCommand)
export class ResolveOnTheSpotHandler implements ICommandHandler<ResolveOnTheSpotCommand, CommandResult> {
  constructor(private readonly cases: CaseCommandService) {}

  execute({ caseId, body, request }: ResolveOnTheSpotCommand): Promise<CommandResult> {
    return this.cases.execute(caseId, request, () => ({ type: 'ResolveOnTheSpot', ...body }));
  }
}
