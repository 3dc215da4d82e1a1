import { createHash, randomUUID } from 'node:crypto';
import type { Pool } from 'pg';
import { normalizePhone, type Complainant } from '@casebook/domain/personal-data';
import type { SealedComplainant } from '@casebook/domain/case/events';
import { decrypt, encrypt, newKey } from './cipher';

const FIELDS = ['name', 'phone', 'unit', 'company', 'email'] as const;

/** Digest of a normalized phone, kept beside the key (and erased with it) for exact search. */
export const phoneDigest = (phone: string) => createHash('sha256').update(normalizePhone(phone)).digest('hex');

/**
 * Crypto-shredding of complainants' personal data (PRODUCT.md §9). Each complainant gets a key;
 * events hold only ciphertext. Erasing deletes the key, so the data is unrecoverable in every
 * copy of every event, while the events themselves (and their hash chain) stay intact.
 */
export class PersonalDataVault {
  constructor(private readonly pool: Pool) {}

  async seal(complainant: Complainant): Promise<{ keyId: string; sealed: SealedComplainant }> {
    const keyId = randomUUID();
    const key = newKey();
    await this.pool.query('INSERT INTO personal_data_keys (key_id, key, phone_digest) VALUES ($1, $2, $3)', [
      keyId,
      key,
      phoneDigest(complainant.phone),
    ]);
    const sealed = {} as Record<string, string>;
    for (const field of FIELDS) {
      const value = complainant[field];
      if (value !== undefined) sealed[field] = encrypt(key, value);
    }
    return { keyId, sealed: sealed as unknown as SealedComplainant };
  }

  /** Opens many sealed complainants in one query; an erased one comes back as `undefined`. */
  async openMany(items: { keyId: string; sealed: SealedComplainant }[]): Promise<(Complainant | undefined)[]> {
    const ids = [...new Set(items.map((i) => i.keyId))];
    if (ids.length === 0) return [];
    const { rows } = await this.pool.query<{ key_id: string; key: Buffer }>(
      'SELECT key_id, key FROM personal_data_keys WHERE key_id = ANY($1::uuid[])',
      [ids],
    );
    const keys = new Map(rows.map((r) => [r.key_id, r.key]));
    return items.map(({ keyId, sealed }) => {
      const key = keys.get(keyId);
      if (!key) return undefined;
      const open = {} as Record<string, string>;
      for (const field of FIELDS) {
        const value = (sealed as unknown as Record<string, string | undefined>)[field];
        if (value !== undefined) open[field] = decrypt(key, value);
      }
      return open as unknown as Complainant;
    });
  }

  async open(keyId: string, sealed: SealedComplainant): Promise<Complainant | undefined> {
    return (await this.openMany([{ keyId, sealed }]))[0];
  }

  /** Key ids of the complainants with this phone number (exact match after normalizing). */
  async keyIdsByPhone(phone: string): Promise<string[]> {
    const { rows } = await this.pool.query<{ key_id: string }>(
      'SELECT key_id FROM personal_data_keys WHERE phone_digest = $1',
      [phoneDigest(phone)],
    );
    return rows.map((r) => r.key_id);
  }

  async erase(keyId: string): Promise<void> {
    await this.pool.query('DELETE FROM personal_data_keys WHERE key_id = $1', [keyId]);
  }
}
