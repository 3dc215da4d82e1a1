import { Module, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { EVENT_STORE, type EventStore } from '@casebook/event-store';
import { allProjections, type Projection } from '@casebook/projections';
import { ProjectionWorker } from './projection-worker';

/** The projections the worker runs; tests override it. */
export const PROJECTIONS = Symbol('PROJECTIONS');

/**
 * Runs the projections while the application runs. Expects the read-model `DataSource`
 * (TypeOrmModule registers it globally) and `EVENT_STORE` to be provided by the application.
 */
@Module({
  providers: [
    { provide: PROJECTIONS, useValue: allProjections },
    {
      provide: ProjectionWorker,
      inject: [DataSource, EVENT_STORE, PROJECTIONS],
      useFactory: (dataSource: DataSource, store: EventStore, projections: Projection[]) =>
        new ProjectionWorker({ dataSource, store }, projections),
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
