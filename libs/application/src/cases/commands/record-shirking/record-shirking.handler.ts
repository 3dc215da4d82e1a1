import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { DataSource } from 'typeorm';
import { fieldsInvalid } from '@casebook/domain';
import { getStaff } from '@casebook/projections/directory.queries';
import { CaseCommandService, type CommandResult } from '../../case-command.service';
import { RecordShirkingCommand } from './record-shirking.command';

@CommandHandler(RecordShirkingCommand)
export class RecordShirkingHandler implements ICommandHandler<RecordShirkingCommand, CommandResult> {
  constructor(
    private readonly cases: CaseCommandService,
    private readonly db: DataSource,
  ) {}

  execute({ caseId, body, request }: RecordShirkingCommand): Promise<CommandResult> {
    return this.cases.execute(caseId, request, async () => {
      const staff = await getStaff(this.db.manager, body.staffId);
      if (!staff) throw fieldsInvalid([{ path: 'staffId', message: `unknown staff member ${body.staffId}` }]);
      return { type: 'RecordShirking', staff: { id: staff.id, departmentId: staff.departmentId }, description: body.description };
    });
  }
}
