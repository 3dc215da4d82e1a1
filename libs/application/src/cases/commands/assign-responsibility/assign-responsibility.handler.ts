import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { DataSource } from 'typeorm';
import { fieldsInvalid } from '@casebook/domain';
import { getDepartment, getStaff } from '@casebook/projections/directory.queries';
import { CaseCommandService, type CommandResult } from '../../case-command.service';
import { AssignResponsibilityCommand } from './assign-responsibility.command';

@CommandHandler(AssignResponsibilityCommand)
export class AssignResponsibilityHandler implements ICommandHandler<AssignResponsibilityCommand, CommandResult> {
  constructor(
    private readonly cases: CaseCommandService,
    private readonly db: DataSource,
  ) {}

  execute({ caseId, body, request }: AssignResponsibilityCommand): Promise<CommandResult> {
    return this.cases.execute(caseId, request, async () => {
      const [department, assignee] = await Promise.all([
        getDepartment(this.db.manager, body.departmentId),
        getStaff(this.db.manager, body.assigneeId),
      ]);
      if (!department) throw fieldsInvalid([{ path: 'departmentId', message: `unknown department ${body.departmentId}` }]);
      if (!assignee?.active) throw fieldsInvalid([{ path: 'assigneeId', message: `${body.assigneeId} is not an active staff member` }]);
      return {
        type: 'AssignResponsibility',
        departmentId: body.departmentId,
        assignee: { id: assignee.id, departmentId: assignee.departmentId },
        note: body.note,
      };
    });
  }
}
