import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { DataSource } from 'typeorm';
import { fieldsInvalid, type FieldError } from '@casebook/domain';
import { getDepartment, getStaff } from '@casebook/projections/directory.queries';
import { derivedId } from '../../../commands/envelopes';
import { CaseCommandService, type CommandResult } from '../../case-command.service';
import { IssueNoticeCommand } from './issue-notice.command';

@CommandHandler(IssueNoticeCommand)
export class IssueNoticeHandler implements ICommandHandler<IssueNoticeCommand, CommandResult> {
  constructor(
    private readonly cases: CaseCommandService,
    private readonly db: DataSource,
  ) {}

  execute({ caseId, body, request }: IssueNoticeCommand): Promise<CommandResult> {
    return this.cases.execute(caseId, request, async () => {
      const [department, staff] = await Promise.all([
        getDepartment(this.db.manager, body.departmentId),
        body.staffId !== undefined ? getStaff(this.db.manager, body.staffId) : null,
      ]);
      const errors: FieldError[] = [];
      if (!department) errors.push({ path: 'departmentId', message: `unknown department ${body.departmentId}` });
      if (body.staffId !== undefined && !staff) errors.push({ path: 'staffId', message: `unknown staff member ${body.staffId}` });
      if (errors.length > 0) throw fieldsInvalid(errors);
      return {
        type: 'IssueNotice',
        noticeId: derivedId(request.idSeed, 'notice'),
        kind: body.kind,
        departmentId: body.departmentId,
        ...(staff ? { staff: { id: staff.id, departmentId: staff.departmentId } } : {}),
        text: body.text,
      };
    });
  }
}
