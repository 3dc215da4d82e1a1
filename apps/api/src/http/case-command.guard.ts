import { Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { isUUID } from 'class-validator';
import { DataSource } from 'typeorm';
import { CaseCommandService } from '@casebook/application';
import { CLOCKS } from '@casebook/domain';
import { ProblemException, type Caller, type CasebookRequest } from '@casebook/platform';
import { getStaff } from '@casebook/projections/directory.queries';
import type { DirectoryStaff } from '@casebook/read-models';

export type CommandHttpRequest = CasebookRequest & { staff?: DirectoryStaff };

/**
 * The sites a staff member acts on (API.md "Auth"): those both in the token and registered for
 * them in the directory (`*` there, or a token without sites, means every site).
 */
export function actingSites(caller: Caller, staff: Pick<DirectoryStaff, 'siteIds'>): string[] | 'all' {
  const registered = staff.siteIds.includes('*') ? 'all' : staff.siteIds;
  if (caller.sites === 'all') return registered;
  if (registered === 'all') return caller.sites;
  return caller.sites.filter((site) => registered.includes(site));
}

const canActOn = (sites: string[] | 'all', siteId: string) => sites === 'all' || sites.includes(siteId);

/**
 * Runs before the body is validated, so that the API's precedence holds (API.md "Errors"):
 * 401 (AuthGuard), then 403 UNKNOWN_STAFF, then 404 for an unknown case or one on a site the
 * staff member may not act on (and for a clock named in the path that is no clock), and only
 * then 400 for a bad body. The case it reads is the one the command then decides on
 * (CaseCommandService remembers it).
 */
@Injectable()
export class CaseCommandGuard implements CanActivate {
  constructor(
    private readonly db: DataSource,
    private readonly cases: CaseCommandService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const req = context.switchToHttp().getRequest<CommandHttpRequest>();
    const caller = req.caller!;
    const staff = await getStaff(this.db.manager, caller.id);
    if (!staff?.active) throw new ProblemException('UNKNOWN_STAFF', `${caller.id} is not an active staff member`);
    req.staff = staff;

    const sites = actingSites(caller, staff);
    const caseId = req.params.id as string | undefined;
    if (caseId !== undefined) {
      const known = isUUID(caseId) ? await this.cases.find(caseId) : undefined;
      if (!known || !canActOn(sites, known.state.siteId)) throw new ProblemException('NOT_FOUND', `case ${caseId} not found`);
      const clock = req.params.clock as string | undefined;
      if (clock !== undefined && !(CLOCKS as readonly string[]).includes(clock)) throw new ProblemException('NOT_FOUND', `no clock named ${clock}`);
    } else if (typeof req.body?.siteId === 'string' && !canActOn(sites, req.body.siteId)) {
      throw new ProblemException('NOT_FOUND', `site ${req.body.siteId} not found`);
    }
    return true;
  }
}
