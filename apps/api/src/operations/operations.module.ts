import { Global, Module, RequestMethod, type MiddlewareConsumer, type NestModule } from '@nestjs/common';
import { Registry } from 'prom-client';
import { COMMAND_METRICS, CommandCounters } from '@casebook/application';
import { HttpMetricsMiddleware } from './http-metrics.middleware';
import { MetricsController } from './metrics.controller';
import { MetricsService } from './metrics.service';
import { ProjectionStatusReader } from './projection-status.reader';
import { ProjectionsAdminController } from './projections-admin.controller';

/**
 * Operations of the api (API.md): GET /admin/projections and GET /metrics. Global, so that the
 * application finds its COMMAND_METRICS (this process's counters) wherever it runs commands.
 */
@Global()
@Module({
  controllers: [ProjectionsAdminController, MetricsController],
  providers: [
    ProjectionStatusReader,
    MetricsService,
    // Its own registry per app (tests run several in one process); the command counters on it
    // depend on nothing, so the event store can count appends without a cycle through MetricsService.
    { provide: Registry, useFactory: () => new Registry() },
    { provide: COMMAND_METRICS, inject: [Registry], useFactory: (registry: Registry) => new CommandCounters(registry) },
  ],
  exports: [MetricsService, COMMAND_METRICS],
})
export class OperationsModule implements NestModule {
  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(HttpMetricsMiddleware).forRoutes({ path: '*path', method: RequestMethod.ALL });
  }
}
