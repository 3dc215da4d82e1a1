import { DomainError } from '../errors';
import { POLICY_NAMES, type PolicyName } from './documents';
import { validatePolicy, type PolicyDocuments } from './validation';

/**
 * The policy slice (PRODUCT.md §12, EVENTS.md): one stream per policy, `policy-{name}`, holding
 * a `PolicyChanged` per admin change. Version 1 of every policy is its default
 * (DEFAULT_POLICIES) and is no event: the first change records version 2 at stream revision 0,
 * so a policy's version is always its stream's revision + 2.
 */

export type PolicyChanged<N extends PolicyName = PolicyName> = {
  type: 'PolicyChanged';
  data: { [K in N]: { policy: K; version: number; body: PolicyDocuments[K]; changedBy: string } }[N];
};

export type PolicyEvent = PolicyChanged;
export type PolicyEventType = PolicyEvent['type'];
export const POLICY_EVENT_TYPES: PolicyEventType[] = ['PolicyChanged'];

export const policyStreamId = (name: PolicyName) => `policy-${name}`;

export const isPolicyName = (name: string): name is PolicyName => (POLICY_NAMES as readonly string[]).includes(name);

/** The version of a policy whose stream ends at `revision` (undefined: no stream, the default). */
export const policyVersionAt = (revision: bigint | undefined): number => (revision === undefined ? 1 : Number(revision) + 2);

/**
 * ChangePolicy decided: the whole document is validated (VALIDATION_FAILED naming every
 * offending field) and recorded as the version after `currentVersion`.
 */
export function decidePolicy<N extends PolicyName>(name: N, body: unknown, currentVersion: number, changedBy: string): PolicyChanged<N> {
  if (!isPolicyName(name)) throw new DomainError('NOT_FOUND', `no policy named ${String(name)}`);
  if (!Number.isInteger(currentVersion) || currentVersion < 1) throw new RangeError(`A policy version is a whole number >= 1, got ${currentVersion}`);
  const document = validatePolicy(name, body);
  return { type: 'PolicyChanged', data: { policy: name, version: currentVersion + 1, body: document, changedBy } } as PolicyChanged<N>;
}
