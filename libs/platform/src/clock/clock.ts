import type { CasebookConfig } from '../config/config';

/** The one source of "now" for deciders, process managers and reports (ARCHITECTURE.md §7). */
export interface Clock {
  now(): Date;
}

/** Nest injection token of the Clock. */
export const CLOCK = Symbol('CASEBOOK_CLOCK');

export const systemClock: Clock = { now: () => new Date() };

/** Starts at `start` and advances in real time, so SLA deadlines still pass as they would. */
export function offsetClock(start: Date): Clock {
  const offsetMs = start.getTime() - Date.now();
  return { now: () => new Date(Date.now() + offsetMs) };
}

export const clockFromConfig = (config: Pick<CasebookConfig, 'clockStart'>): Clock =>
  config.clockStart ? offsetClock(config.clockStart) : systemClock;
