import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { derivedId } from '../../../commands/envelopes';
import { CaseCommandService, type CommandResult } from '../../case-command.service';
import { ProposeSettlementCommand } from './propose-settlement.command';

@CommandHandler(ProposeSettlementCommand)
export class ProposeSettlementHandler implements ICommandHandler<ProposeSettlementCommand, CommandResult> {
  constructor(private readonly cases: CaseCommandService) {}

  execute({ caseId, body, request }: ProposeSettlementCommand): Promise<CommandResult> {
    return this.cases.execute(caseId, request, () => ({
      type: 'ProposeSettlement',
      settlementId: derivedId(request.idSeed, 'settlement'),
      settlementType: body.type,
      amount: body.amount,
      currency: body.currency ?? 'CNY',
      description: body.description,
    }));
  }
}
