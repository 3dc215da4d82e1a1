import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * Every recorded version of every policy (PRODUCT.md §12), written only by the `policies`
 * projection. Version 1 of each is its default and has no row: it is no event.
 */
@Entity('policy_versions')
export class PolicyVersion {
  /** `sla`, `penalty`, `approval` or `calendar` (read models import nothing, so the type is not named here). */
  @PrimaryColumn('text')
  name: string;

  @PrimaryColumn('integer')
  version: number;

  /** The whole policy document as recorded in its PolicyChanged. */
  @Column('jsonb')
  body: unknown;

  @Column({ name: 'changed_by', type: 'text' })
  changedBy: string;

  /** When its PolicyChanged was recorded: the version is in force from then on. */
  @Column({ name: 'recorded_at', type: 'timestamptz' })
  recordedAt: Date;
}
