/**
 * Masking of personal data for roles without `pii:read` (PRODUCT.md §9):
 * `张三` → `张*`, `13812345678` → `138****5678`, `zhang@example.com` → `z***@example.com`,
 * unit and company → `***`.
 */
export interface Complainant {
  name: string;
  phone: string;
  unit?: string;
  company?: string;
  email?: string;
}

export const maskName = (name: string): string => {
  const chars = Array.from(name);
  return chars[0] + '*'.repeat(chars.length - 1);
};

export const maskPhone = (phone: string): string => {
  const digits = phone.replace(/\D/g, '');
  if (digits.length < 8) return '*'.repeat(digits.length);
  return digits.slice(0, 3) + '*'.repeat(digits.length - 7) + digits.slice(-4);
};

export const maskEmail = (email: string): string => {
  const at = email.lastIndexOf('@');
  if (at < 1) return '***';
  return `${Array.from(email)[0]}***${email.slice(at)}`;
};

export const maskComplainant = (c: Complainant): Complainant => ({
  name: maskName(c.name),
  phone: maskPhone(c.phone),
  ...(c.unit !== undefined ? { unit: '***' } : {}),
  ...(c.company !== undefined ? { company: '***' } : {}),
  ...(c.email !== undefined ? { email: maskEmail(c.email) } : {}),
});

/** Normal form of a phone number for exact search: digits and a leading +. */
export const normalizePhone = (phone: string): string => phone.replace(/[\s-]/g, '');
