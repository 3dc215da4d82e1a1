import 'reflect-metadata';
import { Global, Module, type DynamicModule } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Logger } from 'nestjs-pino';
import { loadConfig } from '@casebook/platform';
import { MetricsService } from '../../api/src/operations/metrics.service';
import { migrate } from './infrastructure/database';
import { serveMetrics } from './metrics-endpoint';
import { infrastructure, type InfrastructureOptions } from './infrastructure/infrastructure';
import { WorkerModule } from './worker.module';

/** This process's counters only (no projection reader, no database): the store-wide series are the api's. */
@Global()
@Module({ providers: [{ provide: MetricsService, useFactory: () => new MetricsService() }], exports: [MetricsService] })
class WorkerMetricsModule {}

@Module({})
class WorkerAppModule {
  static forRoot(options: InfrastructureOptions): DynamicModule {
    return { module: WorkerAppModule, imports: [...infrastructure(options), WorkerMetricsModule, WorkerModule] };
  }
}

/**
 * `npm run start:worker`: projections without the HTTP api, for production where api and
 * worker scale separately. Needs DATABASE_URL (the embedded server is for `npm start` only).
 */
async function main() {
  const config = loadConfig();
  if (!config.databaseUrl) throw new Error('DATABASE_URL is required to run the worker on its own');
  await migrate(config.databaseUrl);
  const app = await NestFactory.createApplicationContext(WorkerAppModule.forRoot({ config, databaseUrl: config.databaseUrl }), {
    bufferLogs: true,
  });
  app.useLogger(app.get(Logger));
  app.enableShutdownHooks();
  if (config.workerMetricsPort !== undefined) {
    await serveMetrics(app.get(MetricsService), config.workerMetricsPort);
    app.get(Logger).log(`Casebook worker running; GET /metrics on port ${config.workerMetricsPort}`);
  } else app.get(Logger).log('Casebook worker running');
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
