import type { Projection } from '@casebook/projections';
import { ProjectionRunner, type ProjectionRunnerDeps, type ProjectionRunnerOptions, type RunnerState } from './projection-runner';

/**
 * One runner per projection, started and stopped together. Each runner holds its own lock and
 * fails on its own, so one broken projection never holds up the others. Runs once: after
 * `stop()`, make a new worker.
 */
export class ProjectionWorker {
  private readonly runners: ProjectionRunner[];

  constructor(deps: ProjectionRunnerDeps, projections: readonly Projection[], options: ProjectionRunnerOptions = {}) {
    const names = projections.map((projection) => projection.name);
    const repeated = names.find((name, index) => names.indexOf(name) !== index);
    // Two runners of one name would contend for one lock and one checkpoint: one would idle for ever.
    if (repeated) throw new Error(`projection ${repeated} is listed twice`);
    this.runners = projections.map((projection) => new ProjectionRunner(projection, deps, options));
  }

  start(): void {
    for (const runner of this.runners) runner.start();
  }

  async stop(): Promise<void> {
    await Promise.all(this.runners.map((runner) => runner.stop()));
  }

  /** What each runner in this process is doing; the checkpoints table has the shared picture. */
  states(): Record<string, RunnerState> {
    return Object.fromEntries(this.runners.map((runner) => [runner.projection.name, runner.state]));
  }
}
