import type { EntityManager } from 'typeorm';
import { DEFAULT_POLICIES, POLICY_NAMES, withAddedDefaults, type PoliciesInForce, type PolicyName } from '@casebook/domain';

/**
 * The queries the policies projection serves: the versions in force now (every decision asks,
 * so it is one indexed query for all four policies) or at a past instant, with version 1, the
 * default of PRODUCT.md §12, for a policy never changed.
 */

interface Row {
  name: PolicyName;
  version: number;
  body: unknown;
}

/** The latest version of each policy recorded at or before `at` (every version when absent). */
export async function policiesInForce(db: EntityManager, at?: string): Promise<PoliciesInForce> {
  const rows: Row[] = await db.query(
    `SELECT DISTINCT ON (name) name, version, body
       FROM policy_versions
      WHERE name = ANY($1) AND ($2::timestamptz IS NULL OR recorded_at <= $2::timestamptz)
      ORDER BY name, version DESC`,
    [POLICY_NAMES, at ?? null],
  );
  const recorded = new Map(rows.map((row) => [row.name, { version: row.version, policy: withAddedDefaults(row.name, row.body) }]));
  return Object.fromEntries(POLICY_NAMES.map((name) => [name, recorded.get(name) ?? DEFAULT_POLICIES[name]])) as unknown as PoliciesInForce;
}

/** Every recorded version of one policy, oldest first (the default, version 1, is not listed). */
export const policyHistory = (db: EntityManager, name: PolicyName): Promise<{ version: number; policy: unknown; changedBy: string; recordedAt: Date }[]> =>
  db.query(
    `SELECT version, body AS policy, changed_by AS "changedBy", recorded_at AS "recordedAt"
       FROM policy_versions WHERE name = $1 ORDER BY version`,
    [name],
  );
