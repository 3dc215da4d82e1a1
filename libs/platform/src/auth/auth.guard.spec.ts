import { Controller, Get } from '@nestjs/common';
import { APP_FILTER, APP_GUARD } from '@nestjs/core';
import { JwtService } from '@nestjs/jwt';
import { CLOCK, offsetClock } from '../clock/clock';
import { CONFIG } from '../config/config';
import type { ProblemBody } from '../problems/problem';
import { ProblemFilter } from '../problems/problem.filter';
import { startTestApp, type TestApp } from '../testing/test-app';
import { AuthGuard } from './auth.guard';
import type { Caller } from './caller';
import { CurrentCaller } from './current-caller.decorator';
import { Public } from './public.decorator';
import { signToken } from './token';

const secret = 'guard-secret';

@Controller('probe')
class ProbeController {
  @Get('me')
  me(@CurrentCaller() caller: Caller) {
    return caller;
  }

  @Public()
  @Get('open')
  open() {
    return { open: true };
  }
}

@Public()
@Controller('health')
class HealthController {
  @Get()
  health() {
    return { status: 'ok' };
  }
}

describe('AuthGuard over HTTP', () => {
  let server: TestApp;

  beforeAll(async () => {
    server = await startTestApp({
      controllers: [ProbeController, HealthController],
      providers: [
        { provide: CONFIG, useValue: { jwtSecret: secret } },
        // An injected clock far in the past must not make expired tokens valid again.
        { provide: CLOCK, useValue: offsetClock(new Date('2000-01-01T00:00:00Z')) },
        { provide: APP_GUARD, useClass: AuthGuard },
        { provide: APP_FILTER, useClass: ProblemFilter },
      ],
    });
  });
  afterAll(() => server.close());

  const get = (path: string, authorization?: string) =>
    fetch(`${server.url}${path}`, { headers: authorization ? { authorization } : {} });

  async function expectUnauthenticated(response: Response) {
    expect(response.status).toBe(401);
    expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(response.headers.get('www-authenticate')).toBe('Bearer');
    const body = (await response.json()) as ProblemBody;
    expect(body).toMatchObject({ status: 401, code: 'UNAUTHENTICATED' });
    return body.detail as string;
  }

  it('attaches the caller of a valid token', async () => {
    const token = signToken(secret, { sub: 'st-7', role: 'supervisor', sites: ['sh-01'] }, '5m');
    const response = await get('/probe/me', `Bearer ${token}`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ id: 'st-7', role: 'supervisor', sites: ['sh-01'] });
  });

  it('accepts the scheme in any case', async () => {
    const token = signToken(secret, { sub: 'a', role: 'auditor' }, '5m');
    expect((await get('/probe/me', `bearer ${token}`)).status).toBe(200);
  });

  it('lets @Public() routes and controllers through without a token', async () => {
    expect((await get('/probe/open')).status).toBe(200);
    expect((await get('/health')).status).toBe(200);
  });

  it.each([
    ['no header', undefined],
    ['another scheme', 'Basic YTpi'],
    ['no token', 'Bearer '],
    ['a malformed token', 'Bearer abc.def'],
  ])('refuses %s', async (_, authorization) => {
    await expectUnauthenticated(await get('/probe/me', authorization));
  });

  it('refuses a token expired by the real clock', async () => {
    const expired = new JwtService().sign({ sub: 'a', role: 'agent', exp: Math.floor(Date.now() / 1000) - 10 }, { secret });
    expect(await expectUnauthenticated(await get('/probe/me', `Bearer ${expired}`))).toBe('the token has expired');
  });

  it('refuses a token signed with another secret or with bad claims', async () => {
    await expectUnauthenticated(await get('/probe/me', `Bearer ${signToken('other', { sub: 'a', role: 'gm' }, '5m')}`));
    const badRole = new JwtService().sign({ sub: 'a', role: 'root' }, { secret, expiresIn: '5m' });
    expect(await expectUnauthenticated(await get('/probe/me', `Bearer ${badRole}`))).toMatch(/claims are invalid: role/);
  });
});
