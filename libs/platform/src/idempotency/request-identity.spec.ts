import type { CasebookRequest } from '../http/request';
import { ProblemException } from '../problems/problem.exception';
import { canonicalJson, idSeedFor, idempotencyScope, parseIdempotencyKey, requestHash } from './request-identity';

const request = (parts: Partial<CasebookRequest>) => ({ method: 'POST', originalUrl: '/api/v1/cases', query: {}, ...parts }) as CasebookRequest;

describe('request identity', () => {
  it('canonicalJson sorts keys at every depth and keeps array order', () => {
    expect(canonicalJson({ b: [{ y: 1, x: null }, 'é'], a: true })).toBe('{"a":true,"b":[{"x":null,"y":1},"é"]}');
    expect(canonicalJson(undefined)).toBe('null');
  });

  it('requestHash ignores key order but not values, and covers the query', () => {
    const hash = requestHash(request({ body: { a: 1, b: 2 } }));
    expect(requestHash(request({ body: { b: 2, a: 1 } }))).toBe(hash);
    expect(requestHash(request({ body: { a: 1, b: 3 } }))).not.toBe(hash);
    expect(requestHash(request({ body: { a: 1, b: 2 }, query: { siteId: 'sh-01' } }))).not.toBe(hash);
  });

  it('scopes by caller, method and path, not the query', () => {
    expect(idempotencyScope('st-1', request({ originalUrl: '/api/v1/reports/monthly/2026-10/publish?siteId=a' }))).toBe(
      '["st-1","POST","/api/v1/reports/monthly/2026-10/publish"]',
    );
  });

  it('idSeedFor is a stable UUID per scope and key', () => {
    const id = idSeedFor('["st-1","POST","/api/v1/cases"]', 'k1');
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(idSeedFor('["st-1","POST","/api/v1/cases"]', 'k1')).toBe(id);
    expect(idSeedFor('["st-2","POST","/api/v1/cases"]', 'k1')).not.toBe(id);
    expect(idSeedFor('["st-1","POST","/api/v1/cases"]', 'k2')).not.toBe(id);
  });

  it('parseIdempotencyKey accepts 1 to 128 characters', () => {
    expect(parseIdempotencyKey(undefined)).toBeUndefined();
    expect(parseIdempotencyKey('a')).toBe('a');
    expect(parseIdempotencyKey('k'.repeat(128))).toBe('k'.repeat(128));
    for (const bad of ['', 'k'.repeat(129), ['a', 'b']]) {
      expect(() => parseIdempotencyKey(bad)).toThrow(ProblemException);
    }
  });
});
