import { Inject, Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { isUUID } from 'class-validator';
import { DataSource } from 'typeorm';
import { caseStreamId } from '@casebook/domain';
import { EVENT_STORE, type EventStore } from '@casebook/event-store';
import { canSeeSite, ProblemException, type CasebookRequest } from '@casebook/platform';
import { getStaff } from '@casebook/projections/directory.queries';
import type { DirectoryStaff } from '@casebook/read-models';

export type CommandHttpRequest = CasebookRequest & { staff?: DirectoryStaff };

/**
 * Runs before the body is validated, so that the API's precedence holds (API.md "Errors"):
 * 401 (AuthGuard), then 403 UNKNOWN_STAFF, then 404 for an unknown case or another site's,
 * and only then 400 for a bad body.
 */
@Injectable()
export class CaseCommandGuard implements CanActivate {
  constructor(
    private readonly db: DataSource,
    @Inject(EVENT_STORE) private readonly store: EventStore,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const req = context.switchToHttp().getRequest<CommandHttpRequest>();
    const caller = req.caller!;
    const staff = await getStaff(this.db.manager, caller.id);
    if (!staff?.active) throw new ProblemException('UNKNOWN_STAFF', `${caller.id} is not an active staff member`);
    req.staff = staff;

    const caseId = req.params.id as string | undefined;
    if (caseId !== undefined) {
      const [first] = isUUID(caseId) ? await this.store.readStream(caseStreamId(caseId), { max: 1 }) : [];
      if (!first || !canSeeSite(caller, String(first.data.siteId))) throw new ProblemException('NOT_FOUND', `case ${caseId} not found`);
    } else if (typeof req.body?.siteId === 'string' && !canSeeSite(caller, req.body.siteId)) {
      throw new ProblemException('NOT_FOUND', `site ${req.body.siteId} not found`);
    }
    return true;
  }
}
