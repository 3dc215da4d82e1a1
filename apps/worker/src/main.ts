import 'reflect-metadata';
import { Module, type DynamicModule } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Logger } from 'nestjs-pino';
import { loadConfig } from '@casebook/platform';
import { migrate } from './infrastructure/database';
import { infrastructure, type InfrastructureOptions } from './infrastructure/infrastructure';
import { WorkerModule } from './worker.module';

@Module({})
class WorkerAppModule {
  static forRoot(options: InfrastructureOptions): DynamicModule {
    return { module: WorkerAppModule, imports: [...infrastructure(options), WorkerModule] };
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
  app.get(Logger).log('Casebook worker running');
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
