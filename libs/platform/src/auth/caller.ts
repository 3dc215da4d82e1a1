import type { Role } from '@casebook/domain/roles';
import { ProblemException } from '../problems/problem.exception';

/** Who is calling, from the verified JWT (API.md "Auth"). */
export interface Caller {
  id: string;
  role: Role;
  sites: string[] | 'all';
}

export const canSeeSite = (caller: Caller, siteId: string): boolean =>
  caller.sites === 'all' || caller.sites.includes(siteId);

/**
 * The sites a list, dashboard, ledger or report covers: the one asked for, or else every site
 * of the caller. Another site's id is NOT_FOUND rather than FORBIDDEN, so as not to reveal it.
 */
export function visibleSites(caller: Caller, siteId?: string): string[] | 'all' {
  if (siteId === undefined) return caller.sites;
  if (!canSeeSite(caller, siteId)) throw new ProblemException('NOT_FOUND', `site ${siteId} not found`);
  return [siteId];
}

/** For the admin endpoints; case commands check roles in the domain instead. */
export function requireRole(caller: Caller, allowed: readonly Role[]): void {
  if (!allowed.includes(caller.role)) {
    throw new ProblemException('FORBIDDEN', `role ${caller.role} may not do this; allowed: ${allowed.join(', ')}`);
  }
}
