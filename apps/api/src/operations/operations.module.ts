import { Global, Module, RequestMethod, type MiddlewareConsumer, type NestModule } from '@nestjs/common';
import { HttpMetricsMiddleware } from './http-metrics.middleware';
import { MetricsController } from './metrics.controller';
import { MetricsService } from './metrics.service';
import { ProjectionStatusReader } from './projection-status.reader';
import { ProjectionsAdminController } from './projections-admin.controller';

/**
 * Operations of the api (API.md): GET /admin/projections and GET /metrics. Global, so that
 * CaseCommandService (shared with the worker) finds MetricsService; where this module is not
 * loaded (the worker on its own) it counts nothing.
 */
@Global()
@Module({
  controllers: [ProjectionsAdminController, MetricsController],
  providers: [ProjectionStatusReader, MetricsService],
  exports: [MetricsService],
})
export class OperationsModule implements NestModule {
  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(HttpMetricsMiddleware).forRoutes({ path: '*path', method: RequestMethod.ALL });
  }
}
