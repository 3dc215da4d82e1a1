import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The event store: one table, `events`, in global position order. The unique
 * (stream_id, revision) is the optimistic concurrency check: two appends on the same head
 * cannot both commit. Why positions are transaction id × 65536 + index: see
 * postgres-event-store.ts. No index by type: filtered reads walk the position order.
 */
export class EventStore1700000000000 implements MigrationInterface {
  name = 'EventStore1700000000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE events (
        position bigint PRIMARY KEY,
        stream_id text NOT NULL,
        revision bigint NOT NULL,
        event_id uuid NOT NULL CONSTRAINT events_event_id_key UNIQUE,
        type text NOT NULL,
        version int NOT NULL,
        data jsonb NOT NULL,
        metadata jsonb NOT NULL,
        recorded_at timestamptz NOT NULL,
        CONSTRAINT events_stream_revision_key UNIQUE (stream_id, revision)
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE events`);
  }
}
