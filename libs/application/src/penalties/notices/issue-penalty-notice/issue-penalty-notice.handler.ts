import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { IssuePenaltyNotice, NoticeLine } from '@casebook/domain/penalty-notices';
import { PenaltyNotices, type PenaltyNotice } from '../penalty-notices';
import { IssuePenaltyNoticeCommand } from './issue-penalty-notice.command';

/**
 * Issues the notice with the month's lines of its scope and their effective figures, as the
 * ledger has them once it holds every event of the store. A site's notice and the all-sites
 * notice of a month exclude each other (their streams say whether the other is issued).
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
        const [lines, overlapping] = await Promise.all([
          this.notices.ledgerCaughtUp().then((ledger) => ledger.monthLines(scope.month, scope.siteId)),
          this.notices.overlappingNoticeIssued(scope),
        ]);
        return issue(lines, overlapping);
      },
    );
    return this.notices.view(notice);
  }
}
