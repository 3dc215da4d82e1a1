import { randomBytes } from 'node:crypto';
import { existsSync, linkSync, mkdirSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The JWT secret outside production when none is configured: generated once per data directory
 * and kept in `<dataDir>/jwt-secret`. Tokens survive restarts, yet no installation accepts
 * tokens signed with a secret anyone could read in this repository.
 */
export function devJwtSecret(dataDir: string): string {
  const file = join(dataDir, 'jwt-secret');
  if (!existsSync(file)) {
    mkdirSync(dataDir, { recursive: true });
    // Written aside, then linked into place: link() never overwrites, so when api and worker
    // start together one secret wins and neither reads a half-written file.
    const candidate = `${file}.${process.pid}.tmp`;
    writeFileSync(candidate, randomBytes(32).toString('base64url'), { mode: 0o600 });
    try {
      linkSync(candidate, file);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    } finally {
      unlinkSync(candidate);
    }
  }
  return readFileSync(file, 'utf8').trim();
}
