import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { CaseState, Role } from '@casebook/domain';
import { PersonalDataVault } from '@casebook/event-store/personal-data';
import { canSeeSite, ProblemException, type Caller } from '@casebook/platform';
import { CaseQueries } from '@casebook/projections/cases/case.queries';
import { caseDetail } from './case-detail.view';

/** Presents cases to a caller: site scoping (404 for another site's) and personal data by role. */
@Injectable()
export class CaseReader {
  readonly queries: CaseQueries;

  constructor(
    db: DataSource,
    @Inject(PersonalDataVault) private readonly vault: PersonalDataVault,
  ) {
    this.queries = new CaseQueries(db);
  }

  visible(state: CaseState | undefined, caller: Caller, what: string): CaseState {
    if (!state || !canSeeSite(caller, state.siteId)) throw new ProblemException('NOT_FOUND', `${what} not found`);
    return state;
  }

  async detail(state: CaseState, role: Role) {
    const complainant = await this.vault.open(state.complainantKeyId, state.complainant);
    return caseDetail(state, complainant, role);
  }
}
