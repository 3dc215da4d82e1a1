import { Client, type ClientConfig } from 'pg';

/**
 * A session-level PostgreSQL advisory lock on a connection of its own (not a pooled one, which
 * would carry the lock back into the pool). Held until `release()` or until the connection
 * drops, which PostgreSQL treats as a release; `onLost` reports the latter.
 */
export class AdvisoryLock {
  private client: Client | undefined;
  private held = false;

  constructor(
    private readonly connection: ClientConfig,
    private readonly key: string,
    private readonly onLost: (error: Error) => void,
  ) {}

  /** True when this session holds the lock now; false when another session does. */
  async tryAcquire(): Promise<boolean> {
    this.client ??= await this.connect();
    try {
      const { rows } = await this.client.query<{ locked: boolean }>('SELECT pg_try_advisory_lock(hashtext($1)) AS locked', [
        this.key,
      ]);
      this.held = rows[0].locked;
      return this.held;
    } catch (error) {
      await this.release(); // the next attempt starts on a fresh session
      throw error;
    }
  }

  /** Ends the session, and the lock with it; a later `tryAcquire` opens a new session. */
  async release(): Promise<void> {
    const client = this.client;
    this.client = undefined;
    this.held = false;
    await client?.end().catch(() => undefined); // a dropped session holds nothing any more
  }

  private async connect(): Promise<Client> {
    const client = new Client(this.connection);
    // Without a listener, a dropped connection's 'error' would crash the process.
    client.on('error', (error) => {
      if (this.client !== client) return;
      this.client = undefined;
      if (this.held) {
        this.held = false;
        this.onLost(error);
      }
    });
    await client.connect();
    return client;
  }
}
