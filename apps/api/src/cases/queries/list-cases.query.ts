import { Inject } from '@nestjs/common';
import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { PersonalDataVault } from '@casebook/event-store/personal-data';
import { CLOCK, validationProblem, visibleSites, type Caller, type Clock } from '@casebook/platform';
import { decodeCursor } from '@casebook/projections/cases/case.queries';
import type { ListCasesParams } from './list-cases.params';
import { CaseReader } from './case-reader';

export class ListCasesQuery {
  constructor(
    readonly caller: Caller,
    readonly params: ListCasesParams,
  ) {}
}

@QueryHandler(ListCasesQuery)
export class ListCasesHandler implements IQueryHandler<ListCasesQuery> {
  constructor(
    private readonly reader: CaseReader,
    @Inject(PersonalDataVault) private readonly vault: PersonalDataVault,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute({ caller, params: p }: ListCasesQuery) {
    const sites = visibleSites(caller, p.siteId);
    if (p.cursor !== undefined) {
      try {
        decodeCursor(p.cursor);
      } catch {
        throw validationProblem([{ path: 'cursor', message: 'is not a cursor this server returned' }]);
      }
    }
    const q = p.q === undefined ? undefined : { text: p.q, complainantKeyIds: await this.vault.keyIdsByPhone(p.q) };
    return this.reader.queries.list({
      sites,
      status: p.status,
      kind: p.kind,
      severity: p.severity,
      departmentId: p.departmentId,
      assigneeId: p.assigneeId,
      overdue: p.overdue,
      escalated: p.escalated,
      q,
      receivedFrom: p.receivedFrom,
      receivedTo: p.receivedTo,
      cursor: p.cursor,
      limit: p.limit ?? 50,
      now: this.clock.now().toISOString(),
    });
  }
}
