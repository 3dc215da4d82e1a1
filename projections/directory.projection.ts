import type { EntityManager } from 'typeorm';
import { DIRECTORY_EVENT_TYPES, type DirectoryEvent } from '@casebook/domain/directory';
import { DirectoryDepartment, DirectorySite, DirectoryStaff } from '@casebook/read-models';
import type { Projection, Stored } from './projection';

/**
 * Sites, departments and staff as the API lists them and as commands look them up.
 * Registrations insert once (a replay finds the row and does nothing); a staff update applies
 * only over an older version, so replaying it, or an earlier one, changes nothing.
 */
export const directoryProjection: Projection<DirectoryEvent> = {
  name: 'directory',
  version: 1,
  types: DIRECTORY_EVENT_TYPES,
  tables: ['directory_sites', 'directory_departments', 'directory_staff'],
  async apply(events, manager) {
    for (const event of events) await applyOne(event, manager);
  },
};

async function applyOne(event: Stored<DirectoryEvent>, manager: EntityManager): Promise<void> {
  const query = manager.createQueryBuilder();
  switch (event.type) {
    case 'SiteRegistered': {
      const { siteId, code, name } = event.data;
      await query.insert().into(DirectorySite).values({ id: siteId, code, name }).orIgnore().execute();
      return;
    }
    case 'DepartmentRegistered': {
      const { departmentId, code, name, nameZh } = event.data;
      await query
        .insert()
        .into(DirectoryDepartment)
        .values({ id: departmentId, code, name, nameZh: nameZh ?? null })
        .orIgnore()
        .execute();
      return;
    }
    case 'StaffRegistered': {
      const { staffId, name, departmentId, role, siteIds } = event.data;
      await query
        .insert()
        .into(DirectoryStaff)
        .values({ id: staffId, name, departmentId, role, siteIds, active: true, version: Number(event.revision) })
        .orIgnore()
        .execute();
      return;
    }
    case 'StaffUpdated': {
      const { staffId, departmentId, role, siteIds, active } = event.data;
      const version = Number(event.revision);
      // TypeORM leaves the fields that are undefined (absent from the event) as they are.
      await query
        .update(DirectoryStaff)
        .set({ departmentId, role, siteIds, active, version })
        .where('id = :staffId AND version < :version', { staffId, version })
        .execute();
      return;
    }
    default: {
      const unhandled: never = event;
      throw new Error(`directory projection: unhandled event type ${(unhandled as { type: string }).type}`);
    }
  }
}
