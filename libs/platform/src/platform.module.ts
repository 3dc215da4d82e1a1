import { type DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER, APP_GUARD, APP_INTERCEPTOR, APP_PIPE } from '@nestjs/core';
import { getDataSourceToken } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { AuthGuard } from './auth/auth.guard';
import { CLOCK, clockFromConfig } from './clock/clock';
import { CONFIG, loadConfig, type CasebookConfig } from './config/config';
import { RequestBodyInterceptor } from './http/request-body.interceptor';
import { IdempotencyInterceptor } from './idempotency/idempotency.interceptor';
import { IdempotencyStore } from './idempotency/idempotency.store';
import { ProblemFilter } from './problems/problem.filter';
import { createValidationPipe } from './validation/validation.pipe';

/**
 * CONFIG and CLOCK for every module, and the global guard, filter, pipe and interceptor of the
 * HTTP edge. Idempotency keys live in the read-model database: the app must also import
 * TypeOrmModule.forRoot(...) (the default data source), which must include
 * IdempotencyMigration1700000000100.
 */
@Module({})
export class PlatformModule {
  /** Without `config`, the environment is read and validated when the app is created. */
  static forRoot(config?: CasebookConfig): DynamicModule {
    return {
      module: PlatformModule,
      global: true,
      providers: [
        config ? { provide: CONFIG, useValue: config } : { provide: CONFIG, useFactory: () => loadConfig() },
        { provide: CLOCK, useFactory: clockFromConfig, inject: [CONFIG] },
        {
          provide: IdempotencyStore,
          useFactory: (dataSource: DataSource) => new IdempotencyStore(dataSource),
          inject: [getDataSourceToken()],
        },
        { provide: APP_GUARD, useClass: AuthGuard },
        { provide: APP_FILTER, useClass: ProblemFilter },
        { provide: APP_PIPE, useFactory: createValidationPipe },
        // In this order: a refused body never reaches idempotency.
        { provide: APP_INTERCEPTOR, useClass: RequestBodyInterceptor },
        { provide: APP_INTERCEPTOR, useClass: IdempotencyInterceptor },
      ],
      exports: [CONFIG, CLOCK],
    };
  }
}
