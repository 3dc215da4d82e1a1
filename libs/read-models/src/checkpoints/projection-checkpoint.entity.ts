import { Column, Entity, PrimaryColumn } from 'typeorm';

export type ProjectionStatus = 'running' | 'failed' | 'rebuilding';

// Positions are bigint in the event store port; pg hands `bigint` columns over as strings.
const bigintColumn = {
  to: (value: bigint | undefined) => value?.toString(),
  from: (value: string) => BigInt(value),
};

/**
 * How far each projection has got in the event store: written by the projection runner in the
 * same transaction as the projection's own changes (ARCHITECTURE decision 4).
 */
@Entity('projection_checkpoints')
export class ProjectionCheckpoint {
  @PrimaryColumn('text')
  name: string;

  @Column('integer')
  version: number;

  /** The global position of the last event this projection has processed (0 = none). */
  @Column({ type: 'bigint', transformer: bigintColumn })
  position: bigint;

  @Column('text')
  status: ProjectionStatus;

  @Column({ type: 'text', nullable: true })
  error: string | null;

  @Column({ name: 'failed_event_id', type: 'text', nullable: true })
  failedEventId: string | null;

  @Column({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
