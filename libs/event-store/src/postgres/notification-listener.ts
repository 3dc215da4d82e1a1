import { Client, type ClientConfig } from 'pg';

/** The channel on which appends are announced (see AppendNotifier). */
export const EVENTS_CHANNEL = 'casebook_events';

/**
 * One LISTEN connection per store, shared by its subscriptions. Notifications only make
 * subscriptions read sooner: if the connection fails or drops, they keep polling, and the
 * next `listen()` connects again.
 */
export class NotificationListener {
  private connection?: Promise<Client | undefined>;
  private stopped = false;

  constructor(
    private readonly config: ClientConfig,
    private readonly onNotification: () => void,
  ) {}

  /** Resolves once listening, or once trying to has failed. */
  async listen(): Promise<void> {
    if (this.stopped) return;
    if (!this.connection) {
      const connection = this.connect(() => {
        if (this.connection === connection) this.connection = undefined;
      });
      this.connection = connection;
    }
    await this.connection;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    const client = await this.connection;
    this.connection = undefined;
    await client?.end();
  }

  private async connect(onLost: () => void): Promise<Client | undefined> {
    const client = new Client(this.config);
    const drop = () => {
      onLost();
      client.end().catch(() => undefined);
    };
    client.on('notification', this.onNotification);
    client.on('error', drop);
    try {
      await client.connect();
      await client.query(`LISTEN ${EVENTS_CHANNEL}`);
      return client;
    } catch {
      drop();
      return undefined;
    }
  }
}
