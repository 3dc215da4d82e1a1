import { ProblemException } from '../problems/problem.exception';
import { canSeeSite, requireRole, visibleSites, type Caller } from './caller';

const everywhere: Caller = { id: 'gm-1', role: 'gm', sites: 'all' };
const twoSites: Caller = { id: 'agent-1', role: 'agent', sites: ['sh-01', 'bj-02'] };

const codeOf = (fn: () => unknown) => {
  try {
    fn();
  } catch (error) {
    return (error as ProblemException).problem.body.code;
  }
  return undefined;
};

describe('caller', () => {
  it('canSeeSite: all sites, or only the listed ones', () => {
    expect(canSeeSite(everywhere, 'gz-09')).toBe(true);
    expect(canSeeSite(twoSites, 'bj-02')).toBe(true);
    expect(canSeeSite(twoSites, 'gz-09')).toBe(false);
  });

  it('visibleSites: without a site, every site of the caller', () => {
    expect(visibleSites(everywhere)).toBe('all');
    expect(visibleSites(twoSites)).toEqual(['sh-01', 'bj-02']);
  });

  it('visibleSites: a site asked for is the only one; another site is NOT_FOUND', () => {
    expect(visibleSites(twoSites, 'sh-01')).toEqual(['sh-01']);
    expect(visibleSites(everywhere, 'gz-09')).toEqual(['gz-09']);
    expect(codeOf(() => visibleSites(twoSites, 'gz-09'))).toBe('NOT_FOUND');
  });

  it('requireRole: FORBIDDEN unless the role is allowed', () => {
    expect(() => requireRole({ ...everywhere, role: 'admin' }, ['admin'])).not.toThrow();
    expect(codeOf(() => requireRole(everywhere, ['admin']))).toBe('FORBIDDEN');
  });
});
