import { Module, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { EVENT_STORE, type EventStore } from '@casebook/event-store';
import { allProjections, type Projection } from '@casebook/projections';
import { CLOCK, CONFIG, type CasebookConfig, type Clock } from '@casebook/platform';
import { CaseCommandsModule } from '../../api/src/cases/case-commands.module';
import { CaseCommandService } from '../../api/src/cases/case-command.service';
import { PenaltyAssessor } from '../../api/src/penalties/commands/assess-penalties/penalty-assessor';
import { EscalationProcessManager } from './process-managers/escalation.process-manager';
import { PenaltiesProcessManager } from './process-managers/penalties.process-manager';
import { PROCESS_MANAGERS, type ProcessManager } from './process-managers/process-managers';
import { ProjectionWorker } from './projection-worker';
import { SlaWatcher, type SlaWatcherOptions } from './sla/sla-watcher';

/** The projections the worker runs; tests override it. */
export const PROJECTIONS = Symbol('PROJECTIONS');
/** Options of the SLA watcher; tests override it. */
export const SLA_WATCHER_OPTIONS = Symbol('SLA_WATCHER_OPTIONS');

/**
 * Runs the projections, the process managers and the SLA watcher while the application runs.
 * Expects the read-model `DataSource` (TypeOrmModule registers it globally), `EVENT_STORE` and
 * the `CLOCK` to be provided by the application.
 */
@Module({
  imports: [CaseCommandsModule],
  providers: [
    { provide: PROJECTIONS, inject: [CONFIG], useFactory: (config: CasebookConfig) => allProjections(config.timeZone) },
    // Each process manager is a provider here and is listed in the factory below, and its
    // name in PROCESS_MANAGER_NAMES (what the api lists in GET /admin/projections and /metrics).
    EscalationProcessManager,
    PenaltyAssessor,
    PenaltiesProcessManager,
    {
      provide: PROCESS_MANAGERS,
      inject: [EscalationProcessManager, PenaltiesProcessManager],
      useFactory: (escalation: EscalationProcessManager, penalties: PenaltiesProcessManager): ProcessManager[] => [
        escalation,
        penalties,
      ],
    },
    {
      provide: ProjectionWorker,
      inject: [DataSource, EVENT_STORE, PROJECTIONS, PROCESS_MANAGERS],
      useFactory: (dataSource: DataSource, store: EventStore, projections: Projection[], managers: ProcessManager[]) =>
        new ProjectionWorker({ dataSource, store }, [...projections, ...managers]),
    },
    { provide: SLA_WATCHER_OPTIONS, useValue: {} },
    {
      provide: SlaWatcher,
      inject: [DataSource, CaseCommandService, CLOCK, SLA_WATCHER_OPTIONS],
      useFactory: (dataSource: DataSource, commands: CaseCommandService, clock: Clock, options: SlaWatcherOptions) =>
        new SlaWatcher({ dataSource, commands, clock }, options),
    },
  ],
  exports: [ProjectionWorker, SlaWatcher],
})
export class WorkerModule implements OnApplicationBootstrap, BeforeApplicationShutdown {
  constructor(
    private readonly worker: ProjectionWorker,
    private readonly watcher: SlaWatcher,
  ) {}

  onApplicationBootstrap(): void {
    this.worker.start();
    this.watcher.start();
  }

  // Before shutdown rather than on it: the data source and the event store close in their own
  // modules' onApplicationShutdown, and the runners must finish their transactions first.
  beforeApplicationShutdown(): Promise<void> {
    return Promise.all([this.worker.stop(), this.watcher.stop()]).then(() => undefined);
  }
}
