import { maskComplainant, maskEmail, maskName, maskPhone, normalizePhone } from './personal-data';

describe('personal-data masking', () => {
  it('keeps the first character of a name', () => {
    expect(maskName('张三')).toBe('张*');
    expect(maskName('欧阳娜')).toBe('欧**');
    expect(maskName('A')).toBe('A');
  });

  it("keeps a phone's first 3 and last 4 digits", () => {
    expect(maskPhone('13812345678')).toBe('138****5678');
    expect(maskPhone('138-1234-5678')).toBe('138****5678');
  });

  it("keeps an email's first character and domain", () => {
    expect(maskEmail('zhang@example.com')).toBe('z***@example.com');
  });

  it('replaces unit and company and leaves absent fields absent', () => {
    expect(maskComplainant({ name: '张三', phone: '13812345678', unit: '3-1201', company: 'ACME' })).toEqual({
      name: '张*',
      phone: '138****5678',
      unit: '***',
      company: '***',
    });
  });

  it('normalizes phones for exact search', () => {
    expect(normalizePhone('+86 138-1234 5678')).toBe('+8613812345678');
  });
});
