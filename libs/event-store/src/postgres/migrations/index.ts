import type { MigrationInterface } from 'typeorm';
import { EventStore1700000000000 } from './1700000000000-event-store';

/** Migrations of the PostgreSQL event store's schema, oldest first. */
export const eventStoreMigrations: (new () => MigrationInterface)[] = [EventStore1700000000000];
