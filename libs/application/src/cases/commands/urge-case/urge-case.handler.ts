import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { DataSource } from 'typeorm';
import { urgedStaffId } from '@casebook/domain';
import { getStaff } from '@casebook/projections/directory.queries';
import { CaseCommandService, type CommandResult } from '../../case-command.service';
import { UrgeCaseCommand } from './urge-case.command';

@CommandHandler(UrgeCaseCommand)
export class UrgeCaseHandler implements ICommandHandler<UrgeCaseCommand, CommandResult> {
  constructor(
    private readonly cases: CaseCommandService,
    private readonly db: DataSource,
  ) {}

  execute({ caseId, body, request }: UrgeCaseCommand): Promise<CommandResult> {
    return this.cases.execute(caseId, request, async (state) => {
      // Whom the urging names, as the decider will name them; a staffId the directory does not know is left out (400).
      const staff = await getStaff(this.db.manager, urgedStaffId(state, body));
      return { type: 'UrgeCase', ...body, staffDepartments: staff ? { [staff.id]: staff.departmentId } : {} };
    });
  }
}
