import type { Role } from '../roles';
import { directoryStreamId } from './events';

/** Admin commands on the directory (API.md "Directory (admin)"); ids are already chosen. */
type Command<T extends string, D> = { type: T } & D;

export type RegisterSite = Command<'RegisterSite', { siteId: string; code: string; name: string }>;
export type RegisterDepartment = Command<
  'RegisterDepartment',
  { departmentId: string; code: string; name: string; nameZh?: string }
>;
export type RegisterStaff = Command<
  'RegisterStaff',
  { staffId: string; name: string; departmentId: string; role: Role; siteIds: string[] }
>;
export type UpdateStaff = Command<
  'UpdateStaff',
  { staffId: string; departmentId?: string; role?: Role; siteIds?: string[]; active?: boolean }
>;

export type DirectoryCommand = RegisterSite | RegisterDepartment | RegisterStaff | UpdateStaff;

/** The stream a command reads and appends to. */
export function directoryStreamOf(command: DirectoryCommand): string {
  switch (command.type) {
    case 'RegisterSite':
      return directoryStreamId('site', command.siteId);
    case 'RegisterDepartment':
      return directoryStreamId('department', command.departmentId);
    case 'RegisterStaff':
    case 'UpdateStaff':
      return directoryStreamId('staff', command.staffId);
    default: {
      const unhandled: never = command;
      throw new Error(`unknown directory command ${(unhandled as { type: string }).type}`);
    }
  }
}
