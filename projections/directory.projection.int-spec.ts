import type { StoredEvent } from '@casebook/event-store';
import type { DirectoryEvent } from '@casebook/domain/directory';
import { useTestDatabase } from '../test/support/database';
import { directoryProjection } from './directory.projection';
import { getDepartment, getSite, getStaff, listDepartments, listSites, listStaff } from './directory.queries';
import type { Stored } from './projection';
import { appendDirectory, appendUnrelated, directoryHistory, directoryTables } from './testing/directory-fixtures';

const pg = useTestDatabase({ per: 'test', store: true });

/** What the runner does, minus the checkpoint: the handled events, applied in one transaction. */
async function project(events: StoredEvent[]): Promise<void> {
  const handled = events.filter((event) => directoryProjection.types.includes(event.type as DirectoryEvent['type']));
  await pg.db.transaction((manager) => directoryProjection.apply(handled as Stored<DirectoryEvent>[], manager));
}



describe('directory projection', () => {
  it('shows registered sites, departments and staff, with updates applied', async () => {
    await appendDirectory(pg.store, [
      { type: 'SiteRegistered', data: { siteId: 'sh', code: 'SH', name: 'Shanghai' } },
      { type: 'SiteRegistered', data: { siteId: 'bj', code: 'BJ', name: 'Beijing' } },
      { type: 'DepartmentRegistered', data: { departmentId: 'eng', code: 'ENG', name: 'Engineering', nameZh: '工程部' } },
      { type: 'DepartmentRegistered', data: { departmentId: 'cs', code: 'CS', name: 'Customer service' } },
      { type: 'StaffRegistered', data: { staffId: 'u1', name: 'Li Wei', departmentId: 'cs', role: 'agent', siteIds: ['sh'] } },
      { type: 'StaffRegistered', data: { staffId: 'u2', name: 'Chen Jing', departmentId: 'eng', role: 'handler', siteIds: [] } },
      { type: 'StaffUpdated', data: { staffId: 'u1', role: 'supervisor', siteIds: ['sh', 'bj'] } },
      { type: 'StaffUpdated', data: { staffId: 'u2', active: false } },
    ]);
    await appendUnrelated(pg.store);
    await project(await pg.store.readAll());

    const m = pg.db.manager;
    expect(await listSites(m)).toEqual([
      { id: 'bj', code: 'BJ', name: 'Beijing' },
      { id: 'sh', code: 'SH', name: 'Shanghai' },
    ]);
    expect(await listDepartments(m)).toEqual([
      { id: 'cs', code: 'CS', name: 'Customer service', nameZh: null },
      { id: 'eng', code: 'ENG', name: 'Engineering', nameZh: '工程部' },
    ]);
    expect(await listStaff(m)).toEqual([
      { id: 'u2', name: 'Chen Jing', departmentId: 'eng', role: 'handler', siteIds: [], active: false, version: 1 },
      { id: 'u1', name: 'Li Wei', departmentId: 'cs', role: 'supervisor', siteIds: ['sh', 'bj'], active: true, version: 1 },
    ]);
    expect(await getStaff(m, 'u1')).toMatchObject({ role: 'supervisor', version: 1 });
    expect(await getDepartment(m, 'eng')).toMatchObject({ nameZh: '工程部' });
    expect(await getSite(m, 'sh')).toMatchObject({ name: 'Shanghai' });
    expect(await getStaff(m, 'nobody')).toBeNull();
    expect(await getDepartment(m, 'nowhere')).toBeNull();
  });

  it('changes nothing when a batch is applied again, or earlier updates come after later ones', async () => {
    await appendDirectory(pg.store, directoryHistory(12));
    const events = await pg.store.readAll();
    await project(events);
    const once = await directoryTables(pg.db);

    await project(events);
    await project(events.slice(events.length / 2));
    await project([...events].reverse());

    expect(await directoryTables(pg.db)).toEqual(once);
    expect(once.staff).toHaveLength(12);
  });
});
