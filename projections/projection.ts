import type { EntityManager } from 'typeorm';
import type { StoredEvent } from '@casebook/event-store';

type DomainEvent = { type: string; data: Record<string, unknown> };

/** A stored event whose `type` and `data` are those of the domain union `E`. */
export type Stored<E extends DomainEvent> = Omit<StoredEvent, 'type' | 'data'> & E;

/**
 * A projection: how events change a set of read-model tables (ARCHITECTURE decision 4).
 * The runner hands `apply` only events whose type is in `types`, in position order, and runs
 * it in one transaction with the checkpoint. `apply` must be idempotent by construction (a
 * batch applied twice changes nothing), so correctness never hangs on the checkpoint alone.
 * Bump `version` whenever what `apply` writes changes: the runner then rebuilds the tables
 * beside the live ones and switches over in one step (libs/application/src/processing/projection-runner.ts, rebuild-tables.ts).
 */
export interface Projection<E extends DomainEvent = DomainEvent> {
  readonly name: string;
  readonly version: number;
  readonly types: readonly E['type'][];
  /**
   * The read-model tables `apply` owns and writes, by unqualified name (they live in `public`,
   * defined by the migrations). Naming them makes the projection rebuildable: a rebuild runs
   * `apply` with these names resolving to copies in a schema of their own, then swaps them in.
   * `apply` must name its tables unqualified. Process managers own no tables and leave it out.
   */
  readonly tables?: readonly string[];
  apply(events: Stored<E>[], manager: EntityManager): Promise<void>;
}
