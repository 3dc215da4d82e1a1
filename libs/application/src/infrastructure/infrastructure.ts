import { RequestMethod } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { TypeOrmModule } from '@nestjs/typeorm';
import { LoggerModule } from 'nestjs-pino';
import { DataSource } from 'typeorm';
import { PlatformModule, type CasebookConfig } from '@casebook/platform';
import { dataSourceOptions } from './database';
import { EventStoreModule } from './event-store.module';

export interface InfrastructureOptions {
  config: CasebookConfig;
  /** The configured DATABASE_URL, or the embedded server's. */
  databaseUrl: string;
  /** Connections of each of the two pools, read models and events (default 20). */
  poolSize?: number;
}

/** Shared by the api and the worker: configuration, clock, logging, databases. */
export function infrastructure({ config, databaseUrl, poolSize = 20 }: InfrastructureOptions) {
  const requestLogging = config.logLevel === 'debug' || config.logLevel === 'trace';
  return [
    PlatformModule.forRoot(config),
    LoggerModule.forRoot({
      pinoHttp: { level: config.logLevel },
      // A request logger per request costs more than a whole command's validation: requests
      // are logged only at debug and trace.
      forRoutes: requestLogging ? [{ path: '*', method: RequestMethod.ALL }] : [],
    }),
    TypeOrmModule.forRootAsync({
      useFactory: () => dataSourceOptions(databaseUrl, { poolSize, applicationName: 'casebook' }),
      dataSourceFactory: async (options) => new DataSource(options!).initialize(),
    }),
    EventStoreModule.forRoot(config, databaseUrl, poolSize),
    CqrsModule.forRoot(),
  ];
}

