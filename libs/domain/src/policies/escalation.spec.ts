import { isAbove, nextLevel } from './escalation';

describe('nextLevel (an SLA breach escalates one level)', () => {
  it.each([
    ['none', 'supervisor'],
    ['supervisor', 'manager'],
    ['manager', 'gm'],
  ] as const)('%s → %s', (current, next) => {
    expect(nextLevel(current)).toBe(next);
  });

  it('stops at gm: there is nothing above it', () => {
    expect(nextLevel('gm')).toBeUndefined();
  });
});

describe('isAbove (a manual escalation must go up)', () => {
  it('is true only for a strictly higher level', () => {
    expect(isAbove('manager', 'supervisor')).toBe(true);
    expect(isAbove('gm', 'none')).toBe(true);
    expect(isAbove('manager', 'manager')).toBe(false);
    expect(isAbove('supervisor', 'manager')).toBe(false);
  });
});
