import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { PersonalDataVault } from '@casebook/event-store';
import { CaseCommandService, type CommandResult } from '../../case-command.service';
import { ErasePersonalDataCommand } from './erase-personal-data.command';

@CommandHandler(ErasePersonalDataCommand)
export class ErasePersonalDataHandler implements ICommandHandler<ErasePersonalDataCommand, CommandResult> {
  constructor(
    private readonly cases: CaseCommandService,
    private readonly vault: PersonalDataVault,
  ) {}

  async execute({ caseId, body, request }: ErasePersonalDataCommand): Promise<CommandResult> {
    let keyId = '';
    const result = await this.cases.execute(caseId, request, (state) => {
      keyId = state.complainantKeyId;
      return { type: 'ErasePersonalData', reason: body.reason };
    });
    // Shred at once; the cases projection shreds again when it sees PersonalDataErased, so the
    // key goes even if this process dies right here.
    await this.vault.erase(keyId);
    return result;
  }
}
