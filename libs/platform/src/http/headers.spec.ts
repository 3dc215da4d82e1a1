import { ProblemException } from '../problems/problem.exception';
import { parseIfMatch, parseMinPosition } from './headers';

function problemOf(parse: () => unknown) {
  try {
    parse();
  } catch (error) {
    expect(error).toBeInstanceOf(ProblemException);
    return (error as ProblemException).problem;
  }
  throw new Error('expected a problem');
}

describe('parseIfMatch', () => {
  it('is undefined without the header', () => {
    expect(parseIfMatch(undefined)).toBeUndefined();
  });

  it.each([
    ['"0"', 0n],
    ['"17"', 17n],
    ['17', 17n],
    ['"9223372036854775807"', 9223372036854775807n],
  ])('reads %s', (header, version) => {
    expect(parseIfMatch(header)).toBe(version);
  });

  it.each(['', '*', '"-1"', '"1', '1"', 'W/"1"', '"1", "2"', '"a"', '"1.0"', '"12345678901234567890"'])(
    'refuses %p with VALIDATION_FAILED',
    (header) => {
      const { status, body } = problemOf(() => parseIfMatch(header));
      expect(status).toBe(400);
      expect(body.errors).toEqual([{ path: 'If-Match', message: 'If-Match must be one case version, e.g. "3"' }]);
    },
  );

  it('refuses a repeated header', () => {
    expect(problemOf(() => parseIfMatch(['"1"', '"2"'])).status).toBe(400);
  });
});

describe('parseMinPosition', () => {
  it('reads a decimal position, or undefined without the header', () => {
    expect(parseMinPosition(undefined)).toBeUndefined();
    expect(parseMinPosition('0')).toBe(0n);
    expect(parseMinPosition('18446744073709551615')).toBe(18446744073709551615n);
  });

  it.each(['', '-1', '1.5', '0x10', '"12"', 'abc'])('refuses %p with VALIDATION_FAILED', (header) => {
    const { status, body } = problemOf(() => parseMinPosition(header));
    expect(status).toBe(400);
    expect(body.errors?.[0].path).toBe('Casebook-Min-Position');
  });
});
