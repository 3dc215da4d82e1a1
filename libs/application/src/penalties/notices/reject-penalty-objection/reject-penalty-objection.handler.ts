import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { RejectPenaltyObjection } from '@casebook/domain/penalty-notices';
import { PenaltyNotices, type NoticeCommandResult } from '../penalty-notices';
import { RejectPenaltyObjectionCommand } from './reject-penalty-objection.command';

/** Rejects a pending objection; one an adjustment or a waiver of the line upheld (the ledger knows) is decided already. */
@CommandHandler(RejectPenaltyObjectionCommand)
export class RejectPenaltyObjectionHandler implements ICommandHandler<RejectPenaltyObjectionCommand, NoticeCommandResult> {
  constructor(private readonly notices: PenaltyNotices) {}

  async execute({ lineId, body, request }: RejectPenaltyObjectionCommand): Promise<NoticeCommandResult> {
    const notice = await this.notices.holding(lineId, await this.notices.locate(lineId));
    const reject = (upheld: boolean): RejectPenaltyObjection => ({
      type: 'RejectPenaltyObjection',
      lineId,
      ...(body.comment !== undefined ? { comment: body.comment } : {}),
      upheld,
    });
    const { result } = await this.notices.execute(
      notice,
      request,
      () => reject(false),
      async () => reject((await (await this.notices.ledgerCaughtUp()).upheldObjections([lineId])).length > 0),
    );
    return result;
  }
}
