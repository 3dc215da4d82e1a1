import { BadRequestException, ConflictException, HttpException, InternalServerErrorException, NotFoundException, ServiceUnavailableException } from '@nestjs/common';
import { DomainError } from '@casebook/domain/errors';
import { ProblemException } from './problem.exception';
import { INTERNAL_PROBLEM, toProblem } from './to-problem';

describe('toProblem', () => {
  it('renders a ProblemException as built, with its headers', () => {
    const error = new ProblemException('RATE_LIMITED', 'slow down', { headers: { 'Retry-After': '3' } });
    expect(toProblem(error)).toEqual({
      status: 429,
      headers: { 'Retry-After': '3' },
      body: {
        type: 'https://casebook.dev/problems/rate-limited',
        title: 'Rate limited',
        status: 429,
        detail: 'slow down',
        code: 'RATE_LIMITED',
      },
    });
  });

  it.each([
    ['VALIDATION_FAILED', 400],
    ['FORBIDDEN', 403],
    ['APPROVAL_AUTHORITY_EXCEEDED', 403],
    ['NOT_FOUND', 404],
    ['INVALID_STATE_TRANSITION', 409],
    ['PRECONDITION_NOT_MET', 409],
    ['DUPLICATE_ID', 409],
  ] as const)('maps DomainError %s to %i', (code, status) => {
    const { body } = toProblem(new DomainError(code, 'refused'));
    expect(body).toMatchObject({ status, code, detail: 'refused', type: expect.stringMatching(/\/problems\/[a-z-]+$/) });
  });

  it('carries field errors and missing preconditions of a DomainError', () => {
    const errors = [{ path: 'responsibility', message: 'shares must total 1' }];
    expect(toProblem(new DomainError('VALIDATION_FAILED', 'bad shares', { errors })).body.errors).toEqual(errors);
    const missing = ['investigation', 'rectification'];
    expect(toProblem(new DomainError('PRECONDITION_NOT_MET', 'not yet', { missing })).body).toMatchObject({ missing });
  });

  it('always gives VALIDATION_FAILED its errors', () => {
    expect(toProblem(new DomainError('VALIDATION_FAILED', 'receivedAt is in the future')).body.errors).toEqual([
      { path: '', message: 'receivedAt is in the future' },
    ]);
    expect(toProblem(new BadRequestException('Unexpected token } in JSON')).body).toMatchObject({
      status: 400,
      code: 'VALIDATION_FAILED',
      errors: [{ path: '', message: 'Unexpected token } in JSON' }],
    });
  });

  it('names other HTTP errors by their status', () => {
    expect(toProblem(new NotFoundException('Cannot GET /nowhere')).body).toMatchObject({ status: 404, code: 'NOT_FOUND', detail: 'Cannot GET /nowhere' });
    expect(toProblem(new ConflictException()).body).toMatchObject({ status: 409, code: 'CONFLICT' });
    expect(toProblem(new HttpException('nope', 405)).body).toMatchObject({ status: 405, code: 'METHOD_NOT_ALLOWED' });
    expect(toProblem(new ServiceUnavailableException('draining')).body).toMatchObject({ status: 503, code: 'UNAVAILABLE' });
  });

  it('maps body-parser errors (http-errors) that are safe to expose', () => {
    const tooLarge = Object.assign(new Error('request entity too large'), { status: 413, expose: true });
    expect(toProblem(tooLarge).body).toMatchObject({ status: 413, code: 'PAYLOAD_TOO_LARGE', title: 'Payload too large' });
    const charset = Object.assign(new Error('unsupported charset "KOI8-R"'), { status: 415, expose: true });
    expect(toProblem(charset).body).toMatchObject({ status: 415, code: 'UNSUPPORTED_MEDIA_TYPE' });
  });

  it('hides everything else behind a generic 500', () => {
    expect(toProblem(new Error('connection to 10.0.0.5 refused'))).toBe(INTERNAL_PROBLEM);
    expect(toProblem(new InternalServerErrorException('secret internals'))).toBe(INTERNAL_PROBLEM);
    expect(toProblem(Object.assign(new Error('db'), { status: 500, expose: false }))).toBe(INTERNAL_PROBLEM);
    expect(toProblem('a string')).toBe(INTERNAL_PROBLEM);
    expect(INTERNAL_PROBLEM.body).toMatchObject({ status: 500, code: 'INTERNAL_ERROR' });
  });
});
