import { DomainError } from '../errors';
import type { DirectoryCommand } from './commands';
import type { DirectoryEvent, DirectoryState } from './events';

/**
 * The directory decider. Whether a department or site named by a staff command exists is a
 * question for the handler (it reads the directory read model); this only guards the stream:
 * an id is registered once, and only a registered staff member can be updated.
 */
export function decideDirectory(command: DirectoryCommand, state: DirectoryState): DirectoryEvent[] {
  switch (command.type) {
    case 'RegisterSite': {
      const { siteId, code, name } = command;
      refuseDuplicate(state, `site ${siteId}`);
      return [{ type: 'SiteRegistered', data: { siteId, code, name } }];
    }
    case 'RegisterDepartment': {
      const { departmentId, code, name, nameZh } = command;
      refuseDuplicate(state, `department ${departmentId}`);
      return [{ type: 'DepartmentRegistered', data: withoutUndefined({ departmentId, code, name, nameZh }) }];
    }
    case 'RegisterStaff': {
      const { staffId, name, departmentId, role, siteIds } = command;
      refuseDuplicate(state, `staff ${staffId}`);
      return [{ type: 'StaffRegistered', data: { staffId, name, departmentId, role, siteIds } }];
    }
    case 'UpdateStaff': {
      const { staffId, departmentId, role, siteIds, active } = command;
      if (state.status === 'unregistered') throw new DomainError('NOT_FOUND', `staff ${staffId} not found`);
      return [{ type: 'StaffUpdated', data: withoutUndefined({ staffId, departmentId, role, siteIds, active }) }];
    }
    default: {
      const unhandled: never = command;
      throw new Error(`unknown directory command ${(unhandled as { type: string }).type}`);
    }
  }
}

function refuseDuplicate(state: DirectoryState, what: string): void {
  if (state.status === 'registered') throw new DomainError('DUPLICATE_ID', `${what} already exists`);
}

// Absent optional fields stay absent in the stored event rather than becoming `undefined` keys.
const withoutUndefined = <T extends object>(data: T): T =>
  Object.fromEntries(Object.entries(data).filter(([, value]) => value !== undefined)) as T;
