export * from './event-store.port';
export { MAX_EVENTS_PER_APPEND } from './append-checks';
export { KeyedQueue } from './keyed-queue';
export * from './hash-chain';
export * from './upcasting';
export { InMemoryEventStore } from './in-memory/in-memory-event-store';
export { PostgresEventStore, type PostgresEventStoreOptions } from './postgres/postgres-event-store';
export { EsdbEventStore, type EsdbEventStoreOptions } from './esdb/esdb-event-store';
export * from './personal-data';
