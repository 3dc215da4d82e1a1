import { Body, Controller, Get, Logger, Post } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { DomainError } from '@casebook/domain/errors';
import { startTestApp, type TestApp } from '../testing/test-app';
import type { ProblemBody } from './problem';
import { ProblemException } from './problem.exception';
import { ProblemFilter } from './problem.filter';

@Controller('probe')
class ProbeController {
  @Post('echo')
  echo(@Body() body: unknown) {
    return body;
  }

  @Get('domain')
  domain() {
    throw new DomainError('PRECONDITION_NOT_MET', 'closing needs a return visit', { missing: ['returnVisit'] });
  }

  @Get('lagging')
  lagging() {
    throw new ProblemException('PROJECTION_LAGGING', 'the case list is behind', { headers: { 'Retry-After': '1' } });
  }

  @Get('crash')
  crash() {
    throw new Error('connect ECONNREFUSED postgres://casebook:hunter2@db');
  }
}

describe('ProblemFilter over HTTP', () => {
  let server: TestApp;

  beforeAll(async () => {
    server = await startTestApp({ controllers: [ProbeController], providers: [{ provide: APP_FILTER, useClass: ProblemFilter }] });
  });
  afterAll(() => server.close());

  const post = (path: string, body: string) =>
    fetch(`${server.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });

  async function expectProblem(response: Response, status: number, code: string) {
    expect(response.status).toBe(status);
    expect(response.headers.get('content-type')).toBe('application/problem+json; charset=utf-8');
    const body = (await response.json()) as ProblemBody;
    expect(body).toMatchObject({ status, code, type: expect.any(String), title: expect.any(String), detail: expect.any(String) });
    return body;
  }

  it('answers a DomainError with its status, code and what is missing', async () => {
    const body = await expectProblem(await fetch(`${server.url}/probe/domain`), 409, 'PRECONDITION_NOT_MET');
    expect(body).toEqual({
      type: 'https://casebook.dev/problems/precondition-not-met',
      title: 'Precondition not met',
      status: 409,
      detail: 'closing needs a return visit',
      code: 'PRECONDITION_NOT_MET',
      missing: ['returnVisit'],
    });
  });

  it('sends the headers a problem carries', async () => {
    const response = await fetch(`${server.url}/probe/lagging`);
    await expectProblem(response, 503, 'PROJECTION_LAGGING');
    expect(response.headers.get('retry-after')).toBe('1');
  });

  it('answers unknown routes with NOT_FOUND', async () => {
    await expectProblem(await fetch(`${server.url}/nowhere`), 404, 'NOT_FOUND');
  });

  it('answers malformed JSON with VALIDATION_FAILED naming the whole body', async () => {
    const body = await expectProblem(await post('/probe/echo', '{"subject": '), 400, 'VALIDATION_FAILED');
    expect(body.errors).toEqual([{ path: '', message: expect.any(String) }]);
  });

  it('accepts bodies up to 256 KiB and answers larger ones with PAYLOAD_TOO_LARGE', async () => {
    const within = JSON.stringify({ text: 'x'.repeat(250 * 1024) });
    expect((await post('/probe/echo', within)).status).toBe(201);
    const beyond = JSON.stringify({ text: 'x'.repeat(257 * 1024) });
    await expectProblem(await post('/probe/echo', beyond), 413, 'PAYLOAD_TOO_LARGE');
  });

  it('hides unexpected errors behind a generic 500 and logs them', async () => {
    const log = jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
    const response = await fetch(`${server.url}/probe/crash`);
    const text = await response.text();

    expect(response.status).toBe(500);
    expect(JSON.parse(text)).toMatchObject({ code: 'INTERNAL_ERROR', status: 500 });
    expect(text).not.toMatch(/hunter2|ECONNREFUSED|\.ts:\d+|at /);
    expect(log).toHaveBeenCalledWith(expect.stringContaining('GET /probe/crash failed'), expect.stringContaining('problem.filter.spec.ts'));
    log.mockRestore();
  });
});
