import { Module, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { EVENT_STORE, type EventStore } from '@casebook/event-store';
import { allProjections, type Projection } from '@casebook/projections';
import { CaseCommandsModule } from '../../api/src/cases/case-commands.module';
import { PROCESS_MANAGERS, type ProcessManager } from './process-managers/process-managers';
import { ProjectionWorker } from './projection-worker';

/** The projections the worker runs; tests override it. */
export const PROJECTIONS = Symbol('PROJECTIONS');

/**
 * Runs the projections while the application runs. Expects the read-model `DataSource`
 * (TypeOrmModule registers it globally) and `EVENT_STORE` to be provided by the application.
 */
@Module({
  imports: [CaseCommandsModule],
  providers: [
    { provide: PROJECTIONS, useValue: allProjections },
    // Each process manager is a provider here and is listed in the factory below.
    { provide: PROCESS_MANAGERS, useFactory: (): ProcessManager[] => [] },
    {
      provide: ProjectionWorker,
      inject: [DataSource, EVENT_STORE, PROJECTIONS, PROCESS_MANAGERS],
      useFactory: (dataSource: DataSource, store: EventStore, projections: Projection[], managers: ProcessManager[]) =>
        new ProjectionWorker({ dataSource, store }, [...projections, ...managers]),
    },
  ],
  exports: [ProjectionWorker],
})
export class WorkerModule implements OnApplicationBootstrap, BeforeApplicationShutdown {
  constructor(private readonly worker: ProjectionWorker) {}

  onApplicationBootstrap(): void {
    this.worker.start();
  }

  // Before shutdown rather than on it: the data source and the event store close in their own
  // modules' onApplicationShutdown, and the runners must finish their transactions first.
  beforeApplicationShutdown(): Promise<void> {
    return this.worker.stop();
  }
}
