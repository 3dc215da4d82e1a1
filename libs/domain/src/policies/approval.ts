import Decimal from 'decimal.js';
import { atLeast, type RankedRole, type Role } from '../roles';
import type { ApprovalPolicy } from './documents';

/**
 * The lowest role whose authority covers a settlement amount (核决权限, PRODUCT.md §6), or
 * 'none' for an amount of zero, which needs no approval. Amounts are compared as decimals:
 * a float would misplace amounts at a tier's edge.
 */
export const requiredRole = (amount: string, policy: ApprovalPolicy): RankedRole | 'none' => {
  const value = new Decimal(amount);
  if (value.isNegative()) throw new RangeError(`A settlement amount cannot be negative: "${amount}"`);
  if (value.isZero()) return 'none';

  const tier = policy.tiers.find(({ upTo }) => upTo === null || value.lte(upTo));
  // A valid policy ends with an open tier; refusing beats letting a lower role approve.
  if (!tier) throw new RangeError(`The approval policy has no tier covering ${amount}`);
  return tier.role;
};

/** Authority runs up the management line: any role at or above the required one may approve. */
export const mayApprove = (role: Role, required: RankedRole): boolean => atLeast(role, required);
