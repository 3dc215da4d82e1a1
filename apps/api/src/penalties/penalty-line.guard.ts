import { Inject, Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { EVENT_STORE, type EventStore } from '@casebook/event-store';
import { ProblemException } from '@casebook/platform';
import { PenaltyQueries } from '@casebook/projections/penalties/penalty.queries';
import { waitForProjections } from '@casebook/read-models';
import { actingSites, type CommandHttpRequest } from '../http/case-command.guard';

export type PenaltyLineRequest = CommandHttpRequest & { penaltyCaseId?: string };

/** How long a line not in the ledger yet is waited for (the ledger catching up with the store). */
const CATCH_UP_MS = 5000;
/** Line ids are `{uuid}.{n}`: anything else is no line, without a query. */
const LINE_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\.\d{1,6}$/i;

/**
 * Finds the case of the penalty line in the path, before the body is validated, so that the
 * API's precedence holds (after CaseCommandGuard's 403 UNKNOWN_STAFF): an unknown line, or one
 * of a case on another site, is 404. The ledger read model knows which case a line is on; a
 * line it does not show yet (just assessed) is waited for until the ledger has caught up with
 * the store, so a line id read from a case's history can be used at once.
 */
@Injectable()
export class PenaltyLineGuard implements CanActivate {
  private readonly ledger: PenaltyQueries;

  constructor(
    private readonly db: DataSource,
    @Inject(EVENT_STORE) private readonly store: EventStore,
  ) {
    this.ledger = new PenaltyQueries(db);
  }

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const req = context.switchToHttp().getRequest<PenaltyLineRequest>();
    const lineId = req.params.lineId as string;
    const found = LINE_ID.test(lineId) ? await this.locate(lineId) : undefined;
    const sites = actingSites(req.caller!, req.staff!);
    if (!found || (sites !== 'all' && !sites.includes(found.siteId))) throw new ProblemException('NOT_FOUND', `penalty line ${lineId} not found`);
    req.penaltyCaseId = found.caseId;
    return true;
  }

  private async locate(lineId: string) {
    const found = await this.ledger.locate(lineId);
    if (found) return found;
    if (!(await waitForProjections(this.db, ['penalties'], await this.store.headPosition(), CATCH_UP_MS))) return undefined;
    return this.ledger.locate(lineId);
  }
}
