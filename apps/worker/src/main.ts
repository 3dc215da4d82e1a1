import 'reflect-metadata';
import { Global, Module, type DynamicModule } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Logger } from 'nestjs-pino';
import { Registry } from 'prom-client';
import { COMMAND_METRICS, CommandCounters, infrastructure, migrate, ProcessingModule, type InfrastructureOptions } from '@casebook/application';
import { loadConfig, quietFramework } from '@casebook/platform';
import { serveMetrics } from './metrics-endpoint';

/** This process's command counters: the store-wide series (projection lag, SLA breaches) are the api's. */
const registry = new Registry();

@Global()
@Module({ providers: [{ provide: COMMAND_METRICS, useValue: new CommandCounters(registry) }], exports: [COMMAND_METRICS] })
class WorkerMetricsModule {}

@Module({})
class WorkerAppModule {
  static forRoot(options: InfrastructureOptions): DynamicModule {
    return { module: WorkerAppModule, imports: [...infrastructure(options), WorkerMetricsModule, ProcessingModule] };
  }
}

/**
 * `npm run start:worker`: the processing module without the HTTP api, for production where api
 * and worker scale separately. Needs DATABASE_URL (the embedded server is for `npm start` only).
 */
async function main() {
  const config = loadConfig();
  if (!config.databaseUrl) throw new Error('DATABASE_URL is required to run the worker on its own');
  await migrate(config.databaseUrl);
  const app = await NestFactory.createApplicationContext(WorkerAppModule.forRoot({ config, databaseUrl: config.databaseUrl }), {
    bufferLogs: true,
  });
  app.useLogger(quietFramework(app.get(Logger)));
  app.enableShutdownHooks();
  if (config.workerMetricsPort !== undefined) {
    await serveMetrics(registry, config.workerMetricsPort);
    app.get(Logger).log(`Casebook worker running; GET /metrics on port ${config.workerMetricsPort}`);
  } else app.get(Logger).log('Casebook worker running');
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
