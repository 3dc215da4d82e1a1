import { Inject, Logger, Module, type DynamicModule, type OnApplicationShutdown } from '@nestjs/common';
import { Pool } from 'pg';
import { EsdbEventStore, EVENT_STORE, PostgresEventStore, type EventStore } from '@casebook/event-store';
import { PersonalDataVault } from '@casebook/event-store/personal-data';
import type { CasebookConfig } from '@casebook/platform';
import { COMMAND_METRICS, NO_COMMAND_METRICS, type CommandMetrics } from '../commands/command-metrics';
import { countingAppends } from './counting-appends';
import { unavailableAsDomainError } from './unavailable-store';

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

/** The adapter CASEBOOK_EVENT_STORE names: PostgreSQL (the pool's database) or EventStoreDB. */
function adapter(config: CasebookConfig, pool: Pool): EventStore {
  if (config.eventStore.kind === 'postgres') return new PostgresEventStore({ pool });
  return new EsdbEventStore({ connectionString: config.eventStore.connectionString, logger: new Logger('EventStore') });
}

/**
 * The event store behind its port, and the personal-data vault. PostgreSQL is the embedded
 * default; `CASEBOOK_EVENT_STORE=esdb` keeps the events in EventStoreDB (docs/event-stores.md),
 * while the vault's keys stay in PostgreSQL with the read models, whichever the store. Either
 * way the application sees the store's outages as UNAVAILABLE and its appends counted.
 */
@Module({})
export class EventStoreModule implements OnApplicationShutdown {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(EVENT_STORE_POOL) private readonly pool: Pool,
  ) {}

  static forRoot(config: CasebookConfig, databaseUrl: string, poolSize = 20): DynamicModule {
    return {
      module: EventStoreModule,
      global: true,
      providers: [
        { provide: EVENT_STORE_POOL, useFactory: () => eventStorePool(databaseUrl, poolSize) },
        {
          provide: EVENT_STORE,
          inject: [EVENT_STORE_POOL, { token: COMMAND_METRICS, optional: true }],
          useFactory: (pool: Pool, metrics?: CommandMetrics) =>
            countingAppends(unavailableAsDomainError(adapter(config, pool)), metrics ?? NO_COMMAND_METRICS),
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
