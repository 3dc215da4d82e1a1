import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { PenaltyNotices, type PenaltyNotice } from '@casebook/application';
import { ProblemException, requireRole, validationProblem, visibleSites, type Caller } from '@casebook/platform';
import { MONTH_PATTERN } from '@casebook/projections/penalties/penalty.queries';
import { LEDGER_READERS } from './penalty-ledger.queries';

export class PenaltyNoticeQuery {
  constructor(
    readonly caller: Caller,
    readonly month: string,
    readonly siteId: string | undefined,
  ) {}
}

/**
 * GET /penalties/notices/{YYYY-MM}?siteId=: a site's notice, or without siteId the all-sites
 * notice, which lists every site's lines and so needs access to every site. Checked in the API's
 * order: 404 for another site's id, 400 for a bad month, 403 for the role, then the sites.
 */
@QueryHandler(PenaltyNoticeQuery)
export class PenaltyNoticeHandler implements IQueryHandler<PenaltyNoticeQuery, PenaltyNotice> {
  constructor(private readonly notices: PenaltyNotices) {}

  async execute({ caller, month, siteId }: PenaltyNoticeQuery): Promise<PenaltyNotice> {
    visibleSites(caller, siteId);
    if (!MONTH_PATTERN.test(month)) throw validationProblem([{ path: 'month', message: 'month must be a month as YYYY-MM' }]);
    requireRole(caller, LEDGER_READERS);
    if (siteId === undefined && caller.sites !== 'all') {
      throw new ProblemException('FORBIDDEN', 'the all-sites notice needs access to every site; name a siteId');
    }
    return this.notices.view(await this.notices.read({ month, siteId }));
  }
}
