import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { DataSource } from 'typeorm';
import { fieldsInvalid, type FieldError } from '@casebook/domain';
import { getDepartment, getStaff } from '@casebook/projections/directory.queries';
import { CaseCommandService, type CommandResult } from '../../case-command.service';
import { ReportInvestigationCommand } from './report-investigation.command';

@CommandHandler(ReportInvestigationCommand)
export class ReportInvestigationHandler implements ICommandHandler<ReportInvestigationCommand, CommandResult> {
  constructor(
    private readonly cases: CaseCommandService,
    private readonly db: DataSource,
  ) {}

  execute({ caseId, body, request }: ReportInvestigationCommand): Promise<CommandResult> {
    return this.cases.execute(caseId, request, async () => {
      const errors: FieldError[] = [];
      for (const [i, line] of body.responsibility.entries()) {
        if (!(await getDepartment(this.db.manager, line.departmentId))) {
          errors.push({ path: `responsibility.${i}.departmentId`, message: `unknown department ${line.departmentId}` });
        }
        if (line.staffId && !(await getStaff(this.db.manager, line.staffId))) {
          errors.push({ path: `responsibility.${i}.staffId`, message: `unknown staff member ${line.staffId}` });
        }
      }
      if (errors.length > 0) throw fieldsInvalid(errors);
      return {
        type: 'ReportInvestigation',
        rootCause: body.rootCause,
        causeType: body.causeType,
        countermeasures: body.countermeasures,
        responsibility: body.responsibility.map((l) => ({
          departmentId: l.departmentId,
          ...(l.staffId ? { staffId: l.staffId } : {}),
          share: l.share,
        })),
      };
    });
  }
}
