import type { StoredEvent, Subscription } from './event-store.port';

/** Events per read while catching up, unless the subscriber chooses. */
export const DEFAULT_BATCH_SIZE = 500;

export interface SubscriptionSource {
  /**
   * Up to `max` events after `from` (exclusive), in position order; see CatchUpSubscription.
   * `live`: the subscription has caught up, and reads what was just appended (as every caught-up
   * subscription woken by the same announcement does).
   */
  read(from: bigint | undefined, max: number, live: boolean): Promise<StoredEvent[]>;
  /** How long to sleep before reading again when nothing woke the subscription; absent: wait for a wake. */
  pollIntervalMs?: number;
}

/**
 * Catch-up, then live, over a store's readAll. It reads batches after the last delivered
 * position until one comes back short, then sleeps until `wake()` (the store announced new
 * events), the poll interval or `close()`. Since `read` only ever returns a prefix of the
 * final position order (the adapters guarantee it), reading after the last delivered
 * position delivers every event exactly once, in order. Iterate it with one consumer.
 */
export class CatchUpSubscription implements Subscription {
  private buffer: StoredEvent[] = [];
  private caughtUp = false;
  private woken = false;
  private closed = false;
  private wakeSleeper?: () => void;
  private signalClosed!: () => void;
  private readonly closing = new Promise<undefined>((resolve) => {
    this.signalClosed = () => resolve(undefined);
  });

  constructor(
    private readonly source: SubscriptionSource,
    private position: bigint | undefined,
    private readonly batchSize: number,
    private readonly onClose: (subscription: CatchUpSubscription) => void,
  ) {}

  wake(): void {
    this.woken = true;
    this.wakeSleeper?.();
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.signalClosed();
    this.wakeSleeper?.();
    this.onClose(this);
  }

  [Symbol.asyncIterator](): AsyncIterator<StoredEvent> {
    return {
      next: () => this.next(),
      return: async () => {
        await this.close();
        return { done: true, value: undefined };
      },
    };
  }

  private async next(): Promise<IteratorResult<StoredEvent>> {
    while (!this.closed) {
      const event = this.buffer.shift();
      if (event) {
        this.position = event.position;
        return { done: false, value: event };
      }
      if (this.caughtUp && !this.woken) await this.sleep();
      this.woken = false;
      const batch = await this.readUnlessClosed();
      if (!batch) break;
      this.buffer = batch;
      this.caughtUp = batch.length < this.batchSize;
    }
    return { done: true, value: undefined };
  }

  /** A read, or undefined as soon as the subscription closes (not waiting for the read). */
  private async readUnlessClosed(): Promise<StoredEvent[] | undefined> {
    if (this.closed) return undefined;
    const read = this.source.read(this.position, this.batchSize, this.caughtUp);
    read.catch(() => undefined); // a read that fails after close() must not go unhandled
    try {
      return await Promise.race([read, this.closing]);
    } catch (error) {
      if (this.closed) return undefined; // e.g. the store closed its pool under the read
      throw error;
    }
  }

  private sleep(): Promise<void> {
    return new Promise((resolve) => {
      const interval = this.source.pollIntervalMs;
      const timer = interval === undefined ? undefined : setTimeout(() => this.wakeSleeper?.(), interval);
      this.wakeSleeper = () => {
        clearTimeout(timer);
        this.wakeSleeper = undefined;
        resolve();
      };
    });
  }
}
