import type { AllStreamResolvedEvent, AllStreamSubscription } from '@eventstore/db-client';
import type { StoredEvent, Subscription } from '../event-store.port';

/** Waits between attempts to subscribe again: doubling from the first to the last, with jitter. */
const FIRST_RETRY_MS = 100;
const LAST_RETRY_MS = 5_000;

export interface EsdbSubscriptionSource {
  /** A catch-up subscription to `$all` after the port position (undefined: from the start). */
  subscribe(after: bigint | undefined): AllStreamSubscription;
  /** The event for this subscriber, or undefined when it is not one of its events. */
  read(resolved: AllStreamResolvedEvent): StoredEvent | undefined;
}

/**
 * A catch-up-then-live subscription on EventStoreDB's native `$all` subscription. The client
 * does not resubscribe when its subscription drops (the server stopped, the connection
 * broke, the server dropped a consumer too slow for it): this does, after the last event it
 * delivered, with growing waits while attempts keep failing, so each event still arrives
 * once and in order. An event the store cannot read ends the subscription with that error.
 */
export class EsdbSubscription implements Subscription {
  private closed = false;
  private current?: AllStreamSubscription;
  private wakeFromWait?: () => void;
  private readonly events: AsyncGenerator<StoredEvent>;

  constructor(
    private readonly source: EsdbSubscriptionSource,
    private after: bigint | undefined,
    private readonly onClose: (subscription: EsdbSubscription) => void,
  ) {
    this.events = this.run();
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.wakeFromWait?.();
    await this.current?.unsubscribe();
    this.onClose(this);
  }

  [Symbol.asyncIterator](): AsyncIterator<StoredEvent> {
    return {
      next: () => this.events.next(),
      return: async () => {
        await this.close();
        return this.events.return(undefined);
      },
    };
  }

  private async *run(): AsyncGenerator<StoredEvent> {
    for (let failures = 0; !this.closed; ) {
      const subscription = (this.current = this.source.subscribe(this.after));
      subscription.once('confirmation', () => (failures = 0));
      const incoming = subscription[Symbol.asyncIterator]();
      try {
        for (;;) {
          let next: IteratorResult<AllStreamResolvedEvent>;
          try {
            next = await incoming.next();
          } catch {
            failures++; // dropped: subscribe again below
            break;
          }
          if (next.done || this.closed) break;
          const event = this.source.read(next.value);
          if (event) {
            this.after = event.position;
            yield event;
          }
        }
      } finally {
        await subscription.unsubscribe();
      }
      if (!this.closed) await this.wait(Math.min(LAST_RETRY_MS, FIRST_RETRY_MS * 2 ** failures) * (0.5 + Math.random() / 2));
    }
  }

  private wait(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, ms);
      this.wakeFromWait = () => {
        clearTimeout(timer);
        resolve();
      };
    });
  }
}
