import { addDays, addHours } from './time';

describe('addHours', () => {
  it('adds elapsed hours and answers in toISOString form', () => {
    expect(addHours('2026-03-13T16:00:00+08:00', 2)).toBe('2026-03-13T10:00:00.000Z');
  });

  it('runs 24×7: through a night and a weekend alike', () => {
    expect(addHours('2026-03-13T23:30:00Z', 2)).toBe('2026-03-14T01:30:00.000Z');
  });

  it('takes fractions of an hour', () => {
    expect(addHours('2026-03-13T00:00:00.000Z', 1.5)).toBe('2026-03-13T01:30:00.000Z');
  });

  it('reads an instant without an offset as UTC, not in the host zone', () => {
    expect(addHours('2026-03-13T10:00:00', 1)).toBe('2026-03-13T11:00:00.000Z');
  });

  it('refuses what is not an ISO-8601 instant', () => {
    expect(() => addHours('yesterday', 1)).toThrow(RangeError);
  });
});

describe('addDays', () => {
  it('means N × 24 h', () => {
    expect(addDays('2026-03-13T08:00:00.000Z', 15)).toBe('2026-03-28T08:00:00.000Z');
  });

  it('stays N × 24 h when the instant crosses a month and year end', () => {
    expect(addDays('2026-12-20T16:00:00.000Z', 14)).toBe('2027-01-03T16:00:00.000Z');
  });
});
