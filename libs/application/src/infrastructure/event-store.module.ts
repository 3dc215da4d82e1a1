import { Inject, Logger, Module, type DynamicModule, type OnApplicationShutdown } from '@nestjs/common';
import { Pool } from 'pg';
import { EVENT_STORE, PostgresEventStore, type EventStore } from '@casebook/event-store';
import { PersonalDataVault } from '@casebook/event-store/personal-data';
import type { CasebookConfig } from '@casebook/platform';
import { COMMAND_METRICS, NO_COMMAND_METRICS, type CommandMetrics } from '../commands/command-metrics';
import { countingAppends } from './counting-appends';

const EVENT_STORE_POOL = Symbol('EVENT_STORE_POOL');

/** Set while the application closes: a connection ending then is expected, not news. */
let closing = false;

function eventStorePool(databaseUrl: string, max: number): Pool {
  const pool = new Pool({ connectionString: databaseUrl, max, application_name: 'casebook-events' });
  // An idle connection that breaks (a database restart) is dropped by the pool; without a
  // listener its error would end the process.
  const logger = new Logger('EventStore');
  pool.on('error', (error) => {
    if (!closing) logger.warn(`idle connection lost: ${error.message}`);
  });
  return pool;
}

/**
 * The event store behind its port, and the personal-data vault. PostgreSQL is the embedded
 * default; the EventStoreDB adapter is not built yet, so `CASEBOOK_EVENT_STORE=esdb` is refused
 * at start-up rather than half-working.
 */
@Module({})
export class EventStoreModule implements OnApplicationShutdown {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(EVENT_STORE_POOL) private readonly pool: Pool,
  ) {}

  static forRoot(config: CasebookConfig, databaseUrl: string, poolSize = 20): DynamicModule {
    if (config.eventStore.kind !== 'postgres') {
      throw new Error('CASEBOOK_EVENT_STORE=esdb: the EventStoreDB adapter is not available yet; use postgres');
    }
    return {
      module: EventStoreModule,
      global: true,
      providers: [
        { provide: EVENT_STORE_POOL, useFactory: () => eventStorePool(databaseUrl, poolSize) },
        {
          provide: EVENT_STORE,
          inject: [EVENT_STORE_POOL, { token: COMMAND_METRICS, optional: true }],
          useFactory: (pool: Pool, metrics?: CommandMetrics) =>
            countingAppends(new PostgresEventStore({ pool }), metrics ?? NO_COMMAND_METRICS),
        },
        { provide: PersonalDataVault, useFactory: (pool: Pool) => new PersonalDataVault(pool), inject: [EVENT_STORE_POOL] },
      ],
      exports: [EVENT_STORE, PersonalDataVault],
    };
  }

  async onApplicationShutdown(): Promise<void> {
    closing = true;
    await this.store.close();
    await this.pool.end();
  }
}
