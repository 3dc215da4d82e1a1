import { DomainError } from '../errors';
import { decideDirectory } from './decide';
import { directoryStreamOf, type DirectoryCommand } from './commands';
import { evolveDirectory, initialDirectoryState, type DirectoryEvent } from './events';

const given = (...history: DirectoryEvent[]) => ({
  when: (command: DirectoryCommand) => {
    const decide = () => decideDirectory(command, history.reduce(evolveDirectory, initialDirectoryState));
    return {
      then: (expected: DirectoryEvent[]) => expect(decide()).toEqual(expected),
      thenRefuses: (code: DomainError['code']) => {
        expect(decide).toThrow(DomainError);
        expect(decide).toThrow(expect.objectContaining({ code }));
      },
    };
  },
});

const siteRegistered: DirectoryEvent = { type: 'SiteRegistered', data: { siteId: 's1', code: 'SH', name: 'Shanghai' } };
const staffRegistered: DirectoryEvent = {
  type: 'StaffRegistered',
  data: { staffId: 'u1', name: 'Li Wei', departmentId: 'd1', role: 'agent', siteIds: ['s1'] },
};

describe('decideDirectory', () => {
  it('registers a site', () => {
    given()
      .when({ type: 'RegisterSite', siteId: 's1', code: 'SH', name: 'Shanghai' })
      .then([siteRegistered]);
  });

  it('registers a department, keeping the Chinese name when given', () => {
    given()
      .when({ type: 'RegisterDepartment', departmentId: 'd1', code: 'ENG', name: 'Engineering', nameZh: '工程部' })
      .then([{ type: 'DepartmentRegistered', data: { departmentId: 'd1', code: 'ENG', name: 'Engineering', nameZh: '工程部' } }]);
  });

  it('registers a department without a Chinese name, leaving the field out', () => {
    const [event] = decideDirectory(
      { type: 'RegisterDepartment', departmentId: 'd1', code: 'ENG', name: 'Engineering' },
      initialDirectoryState,
    );
    expect(Object.keys(event.data)).toEqual(['departmentId', 'code', 'name']);
  });

  it('registers staff', () => {
    given()
      .when({ type: 'RegisterStaff', staffId: 'u1', name: 'Li Wei', departmentId: 'd1', role: 'agent', siteIds: ['s1'] })
      .then([staffRegistered]);
  });

  it.each<[string, DirectoryEvent, DirectoryCommand]>([
    ['site', siteRegistered, { type: 'RegisterSite', siteId: 's1', code: 'SH2', name: 'Other' }],
    [
      'department',
      { type: 'DepartmentRegistered', data: { departmentId: 'd1', code: 'ENG', name: 'Engineering' } },
      { type: 'RegisterDepartment', departmentId: 'd1', code: 'ENG', name: 'Engineering' },
    ],
    [
      'staff',
      staffRegistered,
      { type: 'RegisterStaff', staffId: 'u1', name: 'Li Wei', departmentId: 'd1', role: 'agent', siteIds: [] },
    ],
  ])('refuses to register a %s twice', (_, registered, command) => {
    given(registered).when(command).thenRefuses('DUPLICATE_ID');
  });

  it('updates registered staff with only the fields given', () => {
    given(staffRegistered)
      .when({ type: 'UpdateStaff', staffId: 'u1', role: 'supervisor', active: false })
      .then([{ type: 'StaffUpdated', data: { staffId: 'u1', role: 'supervisor', active: false } }]);
  });

  it('updates staff again after an earlier update', () => {
    given(staffRegistered, { type: 'StaffUpdated', data: { staffId: 'u1', active: false } })
      .when({ type: 'UpdateStaff', staffId: 'u1', active: true })
      .then([{ type: 'StaffUpdated', data: { staffId: 'u1', active: true } }]);
  });

  it('refuses to update staff that is not registered', () => {
    given().when({ type: 'UpdateStaff', staffId: 'u9', active: false }).thenRefuses('NOT_FOUND');
  });
});

describe('directoryStreamOf', () => {
  it.each<[DirectoryCommand, string]>([
    [{ type: 'RegisterSite', siteId: 's1', code: 'SH', name: 'Shanghai' }, 'directory-site-s1'],
    [{ type: 'RegisterDepartment', departmentId: 'd1', code: 'ENG', name: 'Engineering' }, 'directory-department-d1'],
    [{ type: 'UpdateStaff', staffId: 'u1' }, 'directory-staff-u1'],
  ])('%j writes to %s', (command, stream) => {
    expect(directoryStreamOf(command)).toBe(stream);
  });
});
