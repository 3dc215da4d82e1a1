import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { PenaltyNotices, type NoticeCommandResult } from '../penalty-notices';
import { ObjectToPenaltyCommand } from './object-to-penalty.command';

/** A staff line whose member had no department in the directory charges none: nobody's department matches it. */
const NO_DEPARTMENT = '';

/** Objects to a line on the notice listing it, for the department the line charges (as the ledger recorded it). */
@CommandHandler(ObjectToPenaltyCommand)
export class ObjectToPenaltyHandler implements ICommandHandler<ObjectToPenaltyCommand, NoticeCommandResult> {
  constructor(private readonly notices: PenaltyNotices) {}

  async execute({ lineId, body, request }: ObjectToPenaltyCommand): Promise<NoticeCommandResult> {
    const line = await this.notices.locate(lineId);
    const notice = await this.notices.holding(lineId, line);
    const { result } = await this.notices.execute(notice, request, () => ({
      type: 'ObjectToPenalty',
      lineId,
      reason: body.reason,
      chargedDepartmentId: line.departmentId ?? NO_DEPARTMENT,
    }));
    return result;
  }
}
