import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { IssuePenaltyNotice, NoticeLine } from '@casebook/domain/penalty-notices';
import { ALL_SITES } from '@casebook/projections/penalties/penalties.projection';
import { PenaltyNotices, type PenaltyNotice } from '../penalty-notices';
import { IssuePenaltyNoticeCommand } from './issue-penalty-notice.command';

/**
 * Issues the notice with the month's lines of its scope and their effective figures, as the
 * ledger has them once it holds every event of the store. A site's notice and the all-sites
 * notice of a month exclude each other.
 */
@CommandHandler(IssuePenaltyNoticeCommand)
export class IssuePenaltyNoticeHandler implements ICommandHandler<IssuePenaltyNoticeCommand, PenaltyNotice> {
  constructor(private readonly notices: PenaltyNotices) {}

  async execute({ scope, request }: IssuePenaltyNoticeCommand): Promise<PenaltyNotice> {
    await this.notices.requireScope(request, scope);
    const issue = (lines: NoticeLine[], overlappingNoticeIssued: boolean): IssuePenaltyNotice => ({
      type: 'IssuePenaltyNotice',
      ...scope,
      lines,
      overlappingNoticeIssued,
    });
    const { notice } = await this.notices.execute(
      scope,
      request,
      () => issue([], false),
      async () => {
        const ledger = await this.notices.ledgerCaughtUp();
        const [lines, issued] = await Promise.all([ledger.monthLines(scope.month, scope.siteId), ledger.noticeScopes(scope.month)]);
        return issue(lines, scope.siteId === undefined ? issued.some((s) => s !== ALL_SITES) : issued.includes(ALL_SITES));
      },
    );
    return this.notices.view(notice);
  }
}
