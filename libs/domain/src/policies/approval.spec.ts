import { DEFAULT_POLICIES, type ApprovalPolicy } from './documents';
import { mayApprove, requiredRole } from './approval';

const policy = DEFAULT_POLICIES.approval.policy;

describe('requiredRole (核决权限, PRODUCT.md §6)', () => {
  it.each([
    ['0', 'none'],
    ['0.00', 'none'],
    ['0.01', 'supervisor'],
    ['1000', 'supervisor'],
    ['1000.00', 'supervisor'],
    ['1000.01', 'manager'],
    ['10000', 'manager'],
    ['10000.01', 'deputy_gm'],
    ['50000', 'deputy_gm'],
    ['50000.01', 'gm'],
    ['99999999999999999.99', 'gm'],
  ])('%s CNY needs %s', (amount, role) => {
    expect(requiredRole(amount, policy)).toBe(role);
  });

  it('compares as decimals: an amount a float would round onto the bound stays above it', () => {
    // As a float, 1000.0000000000000001 is exactly 1000.
    expect(requiredRole('1000.0000000000000001', policy)).toBe('manager');
  });

  it('takes the first covering tier in the policy’s order', () => {
    const twoTiers: ApprovalPolicy = {
      tiers: [
        { upTo: '500.00', role: 'manager' },
        { upTo: null, role: 'deputy_gm' },
      ],
    };
    expect(requiredRole('500', twoTiers)).toBe('manager');
    expect(requiredRole('500.01', twoTiers)).toBe('deputy_gm');
  });

  it('refuses an amount no tier covers rather than letting a lower role approve it', () => {
    const closed: ApprovalPolicy = { tiers: [{ upTo: '1000.00', role: 'supervisor' }] };
    expect(() => requiredRole('1000.01', closed)).toThrow(RangeError);
  });

  it('refuses a negative amount', () => {
    expect(() => requiredRole('-1.00', policy)).toThrow(RangeError);
  });
});

describe('mayApprove', () => {
  it('lets the required role and anyone above it on the management line approve', () => {
    expect(mayApprove('manager', 'manager')).toBe(true);
    expect(mayApprove('deputy_gm', 'manager')).toBe(true);
    expect(mayApprove('gm', 'supervisor')).toBe(true);
  });

  it('refuses a lower role', () => {
    expect(mayApprove('supervisor', 'manager')).toBe(false);
    expect(mayApprove('deputy_gm', 'gm')).toBe(false);
  });

  it('refuses roles outside the management line, whatever the amount', () => {
    expect(mayApprove('admin', 'supervisor')).toBe(false);
    expect(mayApprove('auditor', 'supervisor')).toBe(false);
    expect(mayApprove('handler', 'supervisor')).toBe(false);
  });
});
