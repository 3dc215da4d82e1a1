import type { Role } from '../roles';

/**
 * The directory slice: sites, departments and staff, one stream per entity
 * (`directory-{site|department|staff}-{id}`). Events, the per-stream state and `evolve` live
 * here; `decideDirectory` is in decide.ts. `type` is the stored type name (EVENTS.md).
 */

type Event<T extends string, D> = { type: T; data: D };

export type SiteRegistered = Event<'SiteRegistered', { siteId: string; code: string; name: string }>;
export type DepartmentRegistered = Event<
  'DepartmentRegistered',
  { departmentId: string; code: string; name: string; nameZh?: string }
>;
export type StaffRegistered = Event<
  'StaffRegistered',
  { staffId: string; name: string; departmentId: string; role: Role; siteIds: string[] }
>;
/** Only the fields present change. */
export type StaffUpdated = Event<
  'StaffUpdated',
  { staffId: string; departmentId?: string; role?: Role; siteIds?: string[]; active?: boolean }
>;

export type DirectoryEvent = SiteRegistered | DepartmentRegistered | StaffRegistered | StaffUpdated;
export type DirectoryEventType = DirectoryEvent['type'];

// A record keyed by the union, so adding an event without listing it here fails to compile.
const eventTypes: Record<DirectoryEventType, true> = {
  SiteRegistered: true,
  DepartmentRegistered: true,
  StaffRegistered: true,
  StaffUpdated: true,
};
export const DIRECTORY_EVENT_TYPES = Object.keys(eventTypes) as DirectoryEventType[];

export type DirectoryEntity = 'site' | 'department' | 'staff';
export const directoryStreamId = (entity: DirectoryEntity, id: string) => `directory-${entity}-${id}`;

/** What `decideDirectory` needs to know about one entity's stream: whether it is registered. */
export type DirectoryState = { status: 'unregistered' } | { status: 'registered' };
export const initialDirectoryState: DirectoryState = { status: 'unregistered' };

export function evolveDirectory(state: DirectoryState, event: DirectoryEvent): DirectoryState {
  switch (event.type) {
    case 'SiteRegistered':
    case 'DepartmentRegistered':
    case 'StaffRegistered':
      return { status: 'registered' };
    case 'StaffUpdated':
      return state;
    default: {
      const unhandled: never = event;
      throw new Error(`unknown directory event ${(unhandled as { type: string }).type}`);
    }
  }
}
