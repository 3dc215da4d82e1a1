import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { DataSource } from 'typeorm';
import type { Role } from '@casebook/domain';
import { requireRole, validationProblem, visibleSites, type Caller } from '@casebook/platform';
import { decodeLedgerCursor, PenaltyQueries } from '@casebook/projections/penalties/penalty.queries';
import type { PenaltyLedgerParams, PenaltySummaryParams } from './penalty-ledger.params';

/**
 * Who reads the penalty ledger: the management line from supervisor up (supervisors record
 * shirking and close the cases the lines come from; managers adjust and waive), the auditor
 * and the admin. Agents, handlers, quality and integrations do not.
 */
export const LEDGER_READERS: readonly Role[] = ['supervisor', 'manager', 'deputy_gm', 'gm', 'auditor', 'admin'];

export class ListPenaltiesQuery {
  constructor(
    readonly caller: Caller,
    readonly params: PenaltyLedgerParams,
  ) {}
}

export class PenaltySummaryQuery {
  constructor(
    readonly caller: Caller,
    readonly params: PenaltySummaryParams,
  ) {}
}

/**
 * The month and the sites covered, checked in the API's order: 404 for another site's id, 400
 * for a bad parameter (`check`), then 403 for a role that may not read.
 */
function scope(caller: Caller, params: PenaltySummaryParams, check: () => void = () => undefined) {
  const sites = visibleSites(caller, params.siteId);
  check();
  requireRole(caller, LEDGER_READERS);
  return { sites, month: params.month };
}

function checkCursor(cursor: string | undefined) {
  if (cursor === undefined) return;
  try {
    decodeLedgerCursor(cursor);
  } catch {
    throw validationProblem([{ path: 'cursor', message: 'is not a cursor this server returned' }]);
  }
}

@QueryHandler(ListPenaltiesQuery)
export class ListPenaltiesHandler implements IQueryHandler<ListPenaltiesQuery> {
  private readonly ledger: PenaltyQueries;

  constructor(db: DataSource) {
    this.ledger = new PenaltyQueries(db);
  }

  execute({ caller, params: p }: ListPenaltiesQuery) {
    return this.ledger.list({
      ...scope(caller, p, () => checkCursor(p.cursor)),
      staffId: p.staffId,
      departmentId: p.departmentId,
      cursor: p.cursor,
      limit: p.limit ?? 50,
    });
  }
}

@QueryHandler(PenaltySummaryQuery)
export class PenaltySummaryHandler implements IQueryHandler<PenaltySummaryQuery> {
  private readonly ledger: PenaltyQueries;

  constructor(db: DataSource) {
    this.ledger = new PenaltyQueries(db);
  }

  execute({ caller, params }: PenaltySummaryQuery) {
    return this.ledger.summary(scope(caller, params));
  }
}
