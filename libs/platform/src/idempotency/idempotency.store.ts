import { Logger } from '@nestjs/common';
import type { DataSource } from 'typeorm';

export interface StoredResponse {
  status: number;
  body: unknown;
}

export type Claim =
  | { kind: 'claimed' }
  | { kind: 'completed'; response: StoredResponse }
  | { kind: 'reused' }
  | { kind: 'in-progress' };

export interface IdempotencyTimings {
  /** How long a repeat waits for the first request to finish. */
  waitMs: number;
  pollMs: number;
  /** A request unfinished after this long is taken to have died with its process. */
  abandonedAfterMs: number;
}

const DEFAULT_TIMINGS: IdempotencyTimings = { waitMs: 5_000, pollMs: 100, abandonedAfterMs: 30_000 };

/** Rows live 48 h, twice the 24 h API.md promises, and are purged at most hourly. */
const RETENTION = '48 hours';
const CLEANUP_EVERY_MS = 60 * 60 * 1000;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * The `idempotency_keys` table. Times are the database's `now()`: retention is an operational
 * matter, so the injected (possibly shifted) clock plays no part.
 */
export class IdempotencyStore {
  private readonly logger = new Logger(IdempotencyStore.name);
  private nextCleanupAt = 0;

  constructor(
    private readonly dataSource: DataSource,
    private readonly timings: IdempotencyTimings = DEFAULT_TIMINGS,
  ) {}

  /** Claims the key for this request, or says why not: done already, other request, or busy. */
  async claim(scope: string, key: string, hash: string): Promise<Claim> {
    await this.cleanupHourly();
    const deadline = Date.now() + this.timings.waitMs;
    for (;;) {
      const inserted = await this.rows(
        `INSERT INTO idempotency_keys (scope, key, request_hash) VALUES ($1, $2, $3)
         ON CONFLICT DO NOTHING RETURNING key`,
        [scope, key, hash],
      );
      if (inserted.length > 0) return { kind: 'claimed' };

      const [row] = await this.rows<{ request_hash: string; status: number | null; body: unknown; abandoned: boolean }>(
        `SELECT request_hash, status, body, created_at < now() - make_interval(secs => $3) AS abandoned
         FROM idempotency_keys WHERE scope = $1 AND key = $2`,
        [scope, key, this.timings.abandonedAfterMs / 1000],
      );
      if (!row) continue; // released by a failed first attempt since the insert: claim it anew
      if (row.request_hash !== hash) return { kind: 'reused' };
      if (row.status !== null) return { kind: 'completed', response: { status: row.status, body: row.body ?? undefined } };
      if (row.abandoned && (await this.takeOver(scope, key))) return { kind: 'claimed' };
      if (Date.now() >= deadline) return { kind: 'in-progress' };
      await sleep(this.timings.pollMs);
    }
  }

  /** Remembers the response; the first to complete wins should an abandoned claim revive. */
  async complete(scope: string, key: string, response: StoredResponse): Promise<void> {
    await this.rows(
      `UPDATE idempotency_keys SET status = $3, body = $4::json
       WHERE scope = $1 AND key = $2 AND status IS NULL`,
      [scope, key, response.status, JSON.stringify(response.body) ?? null],
    );
  }

  /** Forgets an unfinished claim so that a retry runs the request again. */
  async release(scope: string, key: string): Promise<void> {
    await this.rows('DELETE FROM idempotency_keys WHERE scope = $1 AND key = $2 AND status IS NULL', [scope, key]);
  }

  async cleanup(): Promise<void> {
    await this.rows(`DELETE FROM idempotency_keys WHERE created_at < now() - interval '${RETENTION}'`);
  }

  /** Only one of several concurrent takers wins: the row no longer looks abandoned after. */
  private async takeOver(scope: string, key: string): Promise<boolean> {
    const taken = await this.rows(
      `UPDATE idempotency_keys SET created_at = now()
       WHERE scope = $1 AND key = $2 AND status IS NULL AND created_at < now() - make_interval(secs => $3)
       RETURNING key`,
      [scope, key, this.timings.abandonedAfterMs / 1000],
    );
    return taken.length > 0;
  }

  private async cleanupHourly(): Promise<void> {
    if (Date.now() < this.nextCleanupAt) return;
    this.nextCleanupAt = Date.now() + CLEANUP_EVERY_MS;
    // Housekeeping must never fail the request that happened to trigger it.
    await this.cleanup().catch((error: unknown) => this.logger.warn(`idempotency key cleanup failed: ${String(error)}`));
  }

  /** DataSource.query returns [rows, count] for UPDATE and DELETE; a query runner can say rows. */
  private async rows<T = unknown>(sql: string, parameters: unknown[] = []): Promise<T[]> {
    const runner = this.dataSource.createQueryRunner();
    try {
      return (await runner.query(sql, parameters, true)).records as T[];
    } finally {
      await runner.release();
    }
  }
}
