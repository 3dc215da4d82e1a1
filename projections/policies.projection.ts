import type { EntityManager } from 'typeorm';
import { POLICY_EVENT_TYPES, type PolicyEvent } from '@casebook/domain';
import type { Projection, Stored } from './projection';

/**
 * Every version of every policy (PRODUCT.md §12), one row per PolicyChanged, all kept: the
 * latest is the one in force, older ones answer "which version was in force at instant T".
 * A version is inserted once (a replay finds the row and does nothing).
 */
export const policiesProjection: Projection<PolicyEvent> = {
  name: 'policies',
  version: 1,
  types: POLICY_EVENT_TYPES,
  tables: ['policy_versions'],
  async apply(events, manager) {
    for (const event of events) await applyOne(event, manager);
  },
};

async function applyOne(event: Stored<PolicyEvent>, manager: EntityManager): Promise<void> {
  switch (event.type) {
    case 'PolicyChanged': {
      const { policy, version, body, changedBy } = event.data;
      await manager.query(
        `INSERT INTO policy_versions (name, version, body, changed_by, recorded_at)
         VALUES ($1, $2, $3::jsonb, $4, $5::timestamptz)
         ON CONFLICT (name, version) DO NOTHING`,
        [policy, version, JSON.stringify(body), changedBy, event.recordedAt],
      );
      return;
    }
    default: {
      const unhandled: never = event.type;
      throw new Error(`policies projection: unhandled event type ${String(unhandled)}`);
    }
  }
}
