import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import type { EventStore, NewEvent } from '@casebook/event-store';
import { directoryStreamId, type DirectoryEvent } from '@casebook/domain/directory';

/** Test helpers: directory histories, appending them, and reading the tables back. */

const newEvent = (type: string, data: Record<string, unknown>): NewEvent => {
  const commandId = randomUUID();
  return {
    eventId: randomUUID(),
    type,
    version: 1,
    data,
    metadata: { actorId: 'admin-1', actorRole: 'admin', commandId, correlationId: commandId, causationId: commandId },
    recordedAt: new Date().toISOString(),
  };
};

/** The stream a directory event belongs to. */
export const streamOf = (event: DirectoryEvent) => {
  switch (event.type) {
    case 'SiteRegistered':
      return directoryStreamId('site', event.data.siteId);
    case 'DepartmentRegistered':
      return directoryStreamId('department', event.data.departmentId);
    case 'StaffRegistered':
    case 'StaffUpdated':
      return directoryStreamId('staff', event.data.staffId);
  }
};

/** Appends each event to its entity's stream, in order; returns the last position. */
export async function appendDirectory(store: EventStore, events: DirectoryEvent[]): Promise<bigint> {
  let position = 0n;
  for (const event of events) ({ position } = await store.append(streamOf(event), [newEvent(event.type, event.data)]));
  return position;
}

/** An event no directory projection handles, in a stream of its own. */
export const appendUnrelated = async (store: EventStore): Promise<bigint> =>
  (await store.append(`other-${randomUUID()}`, [newEvent('SomethingElseHappened', { note: 'not for the directory' })]))
    .position;

/**
 * `size` sites, departments and staff, then staff updates interleaved across streams, each
 * staff member updated several times (so the order within a stream decides the outcome).
 */
export function directoryHistory(size: number): DirectoryEvent[] {
  const events: DirectoryEvent[] = [];
  for (let i = 0; i < size; i++) {
    events.push(
      { type: 'SiteRegistered', data: { siteId: `site-${i}`, code: `S${i}`, name: `Site ${i}` } },
      {
        type: 'DepartmentRegistered',
        data: { departmentId: `dept-${i}`, code: `D${i}`, name: `Department ${i}`, ...(i % 2 === 0 && { nameZh: `部门${i}` }) },
      },
      {
        type: 'StaffRegistered',
        data: { staffId: `staff-${i}`, name: `Staff ${i}`, departmentId: `dept-${i}`, role: 'agent', siteIds: [`site-${i}`] },
      },
    );
  }
  for (let i = 0; i < size; i++) {
    events.push(
      { type: 'StaffUpdated', data: { staffId: `staff-${i}`, role: i % 2 ? 'supervisor' : 'handler', active: false } },
      {
        type: 'StaffUpdated',
        data: { staffId: `staff-${(i * 7) % size}`, siteIds: [`site-${i}`, `site-${(i + 1) % size}`], active: i % 3 !== 0 },
      },
      { type: 'StaffUpdated', data: { staffId: `staff-${(i * 3) % size}`, departmentId: `dept-${(i + 5) % size}` } },
    );
  }
  return events;
}

/** Every row of the directory tables, in a stable order. */
export async function directoryTables(db: DataSource) {
  return {
    sites: await db.query('SELECT * FROM directory_sites ORDER BY id'),
    departments: await db.query('SELECT * FROM directory_departments ORDER BY id'),
    staff: await db.query('SELECT * FROM directory_staff ORDER BY id'),
  };
}
