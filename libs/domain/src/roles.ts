/** Roles carried in the JWT `role` claim (API.md "Conventions"). */
export const ROLES = [
  'agent',
  'supervisor',
  'handler',
  'quality',
  'manager',
  'deputy_gm',
  'gm',
  'auditor',
  'admin',
  'integration',
] as const;
export type Role = (typeof ROLES)[number];

/** The management line, lowest first (PRODUCT.md §6). Other roles stand outside it. */
export const ROLE_ORDER = ['agent', 'supervisor', 'manager', 'deputy_gm', 'gm'] as const;
export type RankedRole = (typeof ROLE_ORDER)[number];

export const isRanked = (role: Role): role is RankedRole =>
  (ROLE_ORDER as readonly string[]).includes(role);

/** True when `role` is in the management line at or above `min`. */
export const atLeast = (role: Role, min: RankedRole): boolean =>
  isRanked(role) && ROLE_ORDER.indexOf(role) >= ROLE_ORDER.indexOf(min);

/** Roles that may read personal data in clear (PRODUCT.md §9). */
const PII_READERS: readonly Role[] = ['agent', 'supervisor', 'manager', 'deputy_gm', 'gm', 'auditor'];
export const canReadPersonalData = (role: Role): boolean => PII_READERS.includes(role);

/** Roles that act on cases as staff; auditor, admin and integration only read. */
const STAFF_ROLES: readonly Role[] = ['agent', 'supervisor', 'handler', 'quality', 'manager', 'deputy_gm', 'gm'];
export const isStaffRole = (role: Role): boolean => STAFF_ROLES.includes(role);
