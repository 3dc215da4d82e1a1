import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { ApprovePenaltyNotice } from '@casebook/domain/penalty-notices';
import { PenaltyNotices, type PenaltyNotice } from '../penalty-notices';
import { ApprovePenaltyNoticeCommand } from './approve-penalty-notice.command';

/** Approves the notice once every objection is decided: rejected, or upheld by an adjustment or a waiver (the ledger knows which). */
@CommandHandler(ApprovePenaltyNoticeCommand)
export class ApprovePenaltyNoticeHandler implements ICommandHandler<ApprovePenaltyNoticeCommand, PenaltyNotice> {
  constructor(private readonly notices: PenaltyNotices) {}

  async execute({ scope, request }: ApprovePenaltyNoticeCommand): Promise<PenaltyNotice> {
    await this.notices.requireScope(request, scope);
    const approve = (upheldObjections: string[]): ApprovePenaltyNotice => ({ type: 'ApprovePenaltyNotice', upheldObjections });
    const objected = (state: { objections: Record<string, unknown> }) => Object.keys(state.objections);
    const { notice } = await this.notices.execute(
      scope,
      request,
      ({ state }) => approve(objected(state)),
      // The ledger holding the notice's own events too, the lines it answers with show their objections' decisions.
      async (notice) => approve(await (await this.notices.ledgerCaughtUp(notice)).upheldObjections(objected(notice.state))),
    );
    return this.notices.view(notice);
  }
}
