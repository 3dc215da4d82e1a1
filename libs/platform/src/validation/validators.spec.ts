import { validateSync } from 'class-validator';
import { IsClientId, IsDecimalString } from './validators';

class Sample {
  @IsClientId() id: unknown;
  @IsDecimalString({ maxPlaces: 2 }) amount: unknown;
  @IsDecimalString({ maxPlaces: 0, allowNegative: true }) delta: unknown;
}

const failing = (values: Partial<Sample>) =>
  validateSync(Object.assign(new Sample(), { id: 'a', amount: '0', delta: '0', ...values })).map((e) => e.property);

describe('custom validators', () => {
  it.each(['site-1', 'SH_02', 'a', 'x'.repeat(64)])('IsClientId accepts %p', (id) => {
    expect(failing({ id })).toEqual([]);
  });

  it.each(['', 'x'.repeat(65), 'a b', 'ü', 'a/b', 7, null])('IsClientId refuses %p', (id) => {
    expect(failing({ id })).toEqual(['id']);
  });

  it.each(['0', '0.5', '1200.00', '99999999999.99'])('IsDecimalString({ maxPlaces: 2 }) accepts %p', (amount) => {
    expect(failing({ amount })).toEqual([]);
  });

  it.each(['1.234', '-1', '01', '1.', '.5', '1e3', ' 1', 12, 'NaN'])('IsDecimalString({ maxPlaces: 2 }) refuses %p', (amount) => {
    expect(failing({ amount })).toEqual(['amount']);
  });

  it('IsDecimalString may allow negatives and forbid fractions', () => {
    expect(failing({ delta: '-3' })).toEqual([]);
    expect(failing({ delta: '-3.5' })).toEqual(['delta']);
  });
});
