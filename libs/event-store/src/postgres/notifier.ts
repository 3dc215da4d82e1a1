import type { Pool } from 'pg';
import { EVENTS_CHANNEL } from './notification-listener';

/** At most one notification per this many milliseconds from one store. */
const MIN_INTERVAL_MS = 10;

/**
 * Tells listeners that events were appended: after the append committed, and coalesced. A
 * NOTIFY inside the appending transaction would hold PostgreSQL's global notification lock
 * through that transaction's commit and WAL flush, serialising every append; and one
 * notification per append would make every subscriber read once per event under load. So
 * appends in the same few milliseconds share one NOTIFY. Subscriptions also poll, so a
 * notification lost here only delays them.
 */
export class AppendNotifier {
  private scheduled = false;
  private lastSent = 0;

  constructor(private readonly pool: Pool) {}

  appended(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    setTimeout(() => this.send(), Math.max(0, this.lastSent + MIN_INTERVAL_MS - Date.now())).unref();
  }

  private send(): void {
    this.scheduled = false;
    this.lastSent = Date.now();
    this.pool.query(`SELECT pg_notify('${EVENTS_CHANNEL}', '')`).catch(() => undefined);
  }
}
