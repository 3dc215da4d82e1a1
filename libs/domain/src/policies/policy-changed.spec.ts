import { DomainError } from '../errors';
import { DEFAULT_POLICIES } from './documents';
import { decidePolicy, isPolicyName, policyStreamId, policyVersionAt } from './policy-changed';

describe('decidePolicy', () => {
  const sla = { ...DEFAULT_POLICIES.sla.policy, firstReplyHours: 4 };

  it('records the document as the version after the one in force', () => {
    expect(decidePolicy('sla', sla, 1, 'admin-1')).toEqual({
      type: 'PolicyChanged',
      data: { policy: 'sla', version: 2, body: sla, changedBy: 'admin-1' },
    });
    expect(decidePolicy('calendar', [{ date: '2026-12-31', workday: true }], 4, 'admin-2')).toEqual({
      type: 'PolicyChanged',
      data: { policy: 'calendar', version: 5, body: [{ date: '2026-12-31', workday: true }], changedBy: 'admin-2' },
    });
  });

  it('records a copy, not the object it was given', () => {
    const body = JSON.parse(JSON.stringify(DEFAULT_POLICIES.approval.policy));
    const event = decidePolicy('approval', body, 1, 'admin-1');
    body.tiers[0].role = 'gm';
    expect(event.data.body).toEqual(DEFAULT_POLICIES.approval.policy);
  });

  it('refuses an invalid document with VALIDATION_FAILED and its paths', () => {
    const decide = () => decidePolicy('sla', { ...sla, firstReplyHours: 0, extra: true }, 1, 'admin-1');
    expect(decide).toThrow(DomainError);
    expect(decide).toThrow(
      expect.objectContaining({
        code: 'VALIDATION_FAILED',
        details: { errors: [expect.objectContaining({ path: 'extra' }), expect.objectContaining({ path: 'firstReplyHours' })] },
      }),
    );
  });

  it('refuses a policy it does not know with NOT_FOUND', () => {
    expect(() => decidePolicy('holidays' as never, [], 1, 'admin-1')).toThrow(expect.objectContaining({ code: 'NOT_FOUND' }));
  });
});

describe('policy streams and versions', () => {
  it('names one stream per policy', () => {
    expect(policyStreamId('sla')).toBe('policy-sla');
    expect(policyStreamId('calendar')).toBe('policy-calendar');
  });

  it('counts version 1 as the default, no event: revision 0 is version 2', () => {
    expect(policyVersionAt(undefined)).toBe(1);
    expect(policyVersionAt(0n)).toBe(2);
    expect(policyVersionAt(5n)).toBe(7);
  });

  it('knows the four policy names', () => {
    expect(['sla', 'penalty', 'approval', 'calendar', 'holidays', 'constructor'].filter(isPolicyName)).toEqual(['sla', 'penalty', 'approval', 'calendar']);
  });
});
