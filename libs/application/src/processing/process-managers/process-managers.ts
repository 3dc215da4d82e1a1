import type { Projection } from '@casebook/projections';

/**
 * Process managers react to events by sending commands (ARCHITECTURE decision 6). Each runs
 * like a projection (its own checkpoint, lock and batches); its `apply` sends commands whose
 * ids derive from the triggering event (systemRequest), so a batch replayed after a crash
 * appends nothing twice. The checkpoint transaction holds no command's writes.
 */
export type ProcessManager = Projection;

/** Injection token of the process managers the worker runs beside the projections. */
export const PROCESS_MANAGERS = Symbol('PROCESS_MANAGERS');

/**
 * The names of the process managers WorkerModule runs (its PROCESS_MANAGERS factory), for
 * readers that list every runner without loading the worker (GET /admin/projections, /metrics).
 * process-managers.spec.ts keeps it in step with the classes.
 */
export const PROCESS_MANAGER_NAMES: readonly string[] = ['escalation', 'penalty-assessment'];
