import { Module, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { EVENT_STORE, type EventStore } from '@casebook/event-store';
import { CLOCK, CONFIG, type CasebookConfig, type Clock } from '@casebook/platform';
import { allProjections, type Projection } from '@casebook/projections';
import { CaseCommandService } from '../cases/case-command.service';
import { CommandsModule } from '../commands/commands.module';
import { EscalationProcessManager } from './process-managers/escalation.process-manager';
import { PenaltiesProcessManager } from './process-managers/penalties.process-manager';
import { PROCESS_MANAGERS, type ProcessManager } from './process-managers/process-managers';
import { ProjectionWorker } from './projection-worker';
import { SlaWatcher, type SlaWatcherOptions } from './sla/sla-watcher';

/** The projections the processing module runs; tests override it. */
export const PROJECTIONS = Symbol('PROJECTIONS');
/** Options of the SLA watcher; tests override it. */
export const SLA_WATCHER_OPTIONS = Symbol('SLA_WATCHER_OPTIONS');

/**
 * The processing that follows the event store: the projections, the process managers and the
 * SLA watcher, running while the application runs. `npm start` hosts it beside the api; the
 * worker app hosts it alone. Expects the read-model `DataSource`, `EVENT_STORE` and the `CLOCK`
 * from the application (see `infrastructure`).
 */
@Module({
  imports: [CommandsModule],
  providers: [
    { provide: PROJECTIONS, inject: [CONFIG], useFactory: (config: CasebookConfig) => allProjections(config.timeZone) },
    // Each process manager is a provider here and is listed in the factory below, and its
    // name in PROCESS_MANAGER_NAMES (what the api lists in GET /admin/projections and /metrics).
    EscalationProcessManager,
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
export class ProcessingModule implements OnApplicationBootstrap, BeforeApplicationShutdown {
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
