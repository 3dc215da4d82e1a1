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
}

/** Shared by the api and the worker: configuration, clock, logging, databases. */
export function infrastructure({ config, databaseUrl }: InfrastructureOptions) {
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
      useFactory: () => dataSourceOptions(databaseUrl, { poolSize: 20, applicationName: 'casebook' }),
      dataSourceFactory: async (options) => new DataSource(options!).initialize(),
    }),
    EventStoreModule.forRoot(config, databaseUrl),
    CqrsModule.forRoot(),
  ];
}

