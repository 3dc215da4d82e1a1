import { PROJECTION_NAMES } from '@casebook/projections';
import { PROCESS_MANAGER_NAMES } from './process-managers/process-managers';

/**
 * Every runner the worker starts, by checkpoint name: the projections, then the process
 * managers. Plain data (no Nest module, no worker), so the api can list them with or without
 * a worker in its process.
 */
export const RUNNER_NAMES: readonly string[] = [...PROJECTION_NAMES, ...PROCESS_MANAGER_NAMES];

/** The advisory lock a runner holds while it applies events (one active runner per name). */
export const runnerLockKey = (name: string): string => `casebook-projection:${name}`;
