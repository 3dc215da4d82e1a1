import type { Role } from '../roles';
import type { PoliciesInForce, WorkingCalendar } from '../policies';

/** Who acts: a staff member with the token's role, or the system (process managers). */
export interface Actor {
  id: string;
  role: Role | 'system';
  /** The actor's department in the directory, when a staff member. */
  departmentId?: string;
}

/** Everything `decide` needs besides the command and the state (ARCHITECTURE decision 1). */
export interface DecisionContext {
  now: string;
  actor: Actor;
  policies: PoliciesInForce;
  calendar: WorkingCalendar;
}
