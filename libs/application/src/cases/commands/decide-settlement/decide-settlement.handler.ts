import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { CaseCommandService, type CommandResult } from '../../case-command.service';
import { DecideSettlementCommand } from './decide-settlement.command';

@CommandHandler(DecideSettlementCommand)
export class DecideSettlementHandler implements ICommandHandler<DecideSettlementCommand, CommandResult> {
  constructor(private readonly cases: CaseCommandService) {}

  execute({ caseId, body, request }: DecideSettlementCommand): Promise<CommandResult> {
    return this.cases.execute(caseId, request, () => ({ type: 'DecideSettlement', ...body }));
  }
}
