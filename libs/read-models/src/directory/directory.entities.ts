import { Column, Entity, PrimaryColumn } from 'typeorm';

/** The directory read model, written only by the `directory` projection. */

@Entity('directory_sites')
export class DirectorySite {
  @PrimaryColumn('text')
  id: string;

  @Column('text')
  code: string;

  @Column('text')
  name: string;
}

@Entity('directory_departments')
export class DirectoryDepartment {
  @PrimaryColumn('text')
  id: string;

  @Column('text')
  code: string;

  @Column('text')
  name: string;

  @Column({ name: 'name_zh', type: 'text', nullable: true })
  nameZh: string | null;
}

@Entity('directory_staff')
export class DirectoryStaff {
  @PrimaryColumn('text')
  id: string;

  @Column('text')
  name: string;

  @Column({ name: 'department_id', type: 'text' })
  departmentId: string;

  /** A `Role` of the domain (read models import nothing, so the type is not named here). */
  @Column('text')
  role: string;

  @Column({ name: 'site_ids', type: 'text', array: true })
  siteIds: string[];

  @Column('boolean')
  active: boolean;

  /** Revision of the staff stream's last applied event: later events only move it forward. */
  @Column('integer')
  version: number;
}
