/**
 * Per-process command metrics (GET /metrics): commands by type and outcome, events appended by
 * type. The api and a worker serving metrics provide them; elsewhere nothing is counted.
 */
export interface CommandMetrics {
  /** Runs a command and counts its outcome; `type` may be known only once it has run (undefined: unknown). */
  command<T>(type: () => string | undefined, run: () => Promise<T>): Promise<T>;
  eventsAppended(types: readonly string[]): void;
}

export const COMMAND_METRICS = Symbol('COMMAND_METRICS');

export const NO_COMMAND_METRICS: CommandMetrics = {
  command: (_type, run) => run(),
  eventsAppended: () => undefined,
};
