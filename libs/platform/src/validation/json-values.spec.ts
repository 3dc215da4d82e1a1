import { jsonValueErrors, MAX_DEPTH, MAX_TEXT } from './json-values';

const nested = (levels: number): unknown => (levels === 1 ? ['leaf'] : [nested(levels - 1)]);

describe('jsonValueErrors: what API.md refuses in any JSON a client sends', () => {
  it('accepts ordinary values, Chinese text and emoji (surrogate pairs) included', () => {
    expect(jsonValueErrors({ subject: '漏水 🚿', shares: [{ share: '0.5' }], n: 1, ok: true, none: null })).toEqual([]);
  });

  it('refuses a NUL character and an unpaired surrogate in any string, keys included, naming the field', () => {
    expect(jsonValueErrors({ subject: 'a\u0000b', complainant: { name: '\ud800', unit: 'x\udfffy' }, ['k\ud800']: 1 })).toEqual([
      { path: 'subject', message: 'subject must not contain a NUL character' },
      { path: 'complainant.name', message: 'name must be valid Unicode (it holds an unpaired surrogate)' },
      { path: 'complainant.unit', message: 'unit must be valid Unicode (it holds an unpaired surrogate)' },
      { path: 'k\ud800', message: 'k\ud800 must be valid Unicode (it holds an unpaired surrogate)' },
    ]);
  });

  it(`refuses text over ${MAX_TEXT} characters, counting characters rather than UTF-16 units`, () => {
    expect(jsonValueErrors({ rootCause: 'x'.repeat(MAX_TEXT) })).toEqual([]);
    expect(jsonValueErrors({ rootCause: '🚿'.repeat(MAX_TEXT) })).toEqual([]);
    expect(jsonValueErrors({ rootCause: 'x'.repeat(20_000) })).toEqual([
      { path: 'rootCause', message: `rootCause must be at most ${MAX_TEXT} characters` },
    ]);
    expect(jsonValueErrors({ lines: ['ok', 'x'.repeat(MAX_TEXT + 1)] })).toEqual([
      { path: 'lines.1', message: `1 must be at most ${MAX_TEXT} characters` },
    ]);
  });

  it(`refuses nesting deeper than ${MAX_DEPTH} levels, at the level where it goes too deep`, () => {
    expect(jsonValueErrors(nested(MAX_DEPTH))).toEqual([]);
    expect(jsonValueErrors(nested(MAX_DEPTH + 1))).toHaveLength(1);
    // The body is level 1, `siteIds` level 2: the error names the container on level 33.
    const [error] = jsonValueErrors({ siteIds: nested(40) });
    expect(error.message).toBe(`${error.path.split('.').pop()} is nested deeper than ${MAX_DEPTH} levels`);
    expect(error.path.split('.')).toHaveLength(MAX_DEPTH);
  });

  it('walks a hostile depth in constant time: it stops at the limit', () => {
    let deep: unknown = 'leaf';
    for (let i = 0; i < 100_000; i++) deep = [deep];
    expect(jsonValueErrors(deep)).toHaveLength(1);
  });

  it('refuses keys that reach a prototype as unknown properties', () => {
    const parsed = JSON.parse('{"subject":"x","__proto__":{"admin":true},"complainant":{"constructor":{"prototype":{}}}}');
    expect(jsonValueErrors(parsed)).toEqual([
      { path: '__proto__', message: 'property __proto__ should not exist' },
      { path: 'complainant.constructor', message: 'property constructor should not exist' },
    ]);
  });
});
