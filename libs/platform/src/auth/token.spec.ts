import { JwtService } from '@nestjs/jwt';
import { ProblemException } from '../problems/problem.exception';
import { signToken, verifyToken } from './token';

const secret = 'test-secret';

function detailOf(token: string) {
  try {
    verifyToken(secret, token);
  } catch (error) {
    const { status, body, headers } = (error as ProblemException).problem;
    expect({ status, code: body.code, headers }).toEqual({ status: 401, code: 'UNAUTHENTICATED', headers: { 'WWW-Authenticate': 'Bearer' } });
    return body.detail;
  }
  throw new Error('expected UNAUTHENTICATED');
}

/** A token with arbitrary claims, as a misbehaving issuer might sign it. */
const raw = (payload: object, options: { secret?: string; algorithm?: 'HS256' | 'HS512' } = {}) =>
  new JwtService().sign(payload, { secret: options.secret ?? secret, algorithm: options.algorithm ?? 'HS256' });

const inAnHour = () => Math.floor(Date.now() / 1000) + 3600;

describe('tokens', () => {
  it('round-trips a caller; absent or ["*"] sites mean all', () => {
    expect(verifyToken(secret, signToken(secret, { sub: 'st-1', role: 'handler', sites: ['sh-01'] }, '1h'))).toEqual({
      id: 'st-1',
      role: 'handler',
      sites: ['sh-01'],
    });
    expect(verifyToken(secret, signToken(secret, { sub: 'int', role: 'integration' }, 60)).sites).toBe('all');
    expect(verifyToken(secret, signToken(secret, { sub: 'gm', role: 'gm', sites: ['*'] }, 60)).sites).toBe('all');
    expect(verifyToken(secret, signToken(secret, { sub: 'nobody', role: 'agent', sites: [] }, 60)).sites).toEqual([]);
  });

  it('refuses expired tokens, other secrets, other algorithms and garbage', () => {
    expect(detailOf(raw({ sub: 'a', role: 'agent', exp: Math.floor(Date.now() / 1000) - 1 }))).toBe('the token has expired');
    expect(detailOf(raw({ sub: 'a', role: 'agent', exp: inAnHour() }, { secret: 'other' }))).toBe('the token is invalid');
    expect(detailOf(raw({ sub: 'a', role: 'agent', exp: inAnHour() }, { algorithm: 'HS512' }))).toBe('the token is invalid');
    expect(detailOf('not.a.token')).toBe('the token is invalid');
  });

  it.each([
    [{ role: 'agent' }, /sub/],
    [{ sub: '', role: 'agent' }, /sub/],
    [{ sub: 'a', role: 'janitor' }, /role/],
    [{ sub: 'a', role: 'agent', sites: 'sh-01' }, /sites/],
    [{ sub: 'a', role: 'agent', sites: ['*', 'sh-01'] }, /sites: "\*" must stand alone/],
  ])('refuses bad claims %j', (claims, detail) => {
    expect(detailOf(raw({ ...claims, exp: inAnHour() }))).toMatch(detail);
  });

  it('refuses a token without exp', () => {
    expect(detailOf(raw({ sub: 'a', role: 'agent' }))).toMatch(/exp/);
  });
});
