import type { Role } from '@casebook/domain';

/** Who publishes a month (PRODUCT.md §1, API.md): manager and above. */
export const ROLES_AT_LEAST_MANAGER: readonly Role[] = ['manager', 'deputy_gm', 'gm'];
