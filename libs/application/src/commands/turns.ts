import { setTimeout as sleep } from 'node:timers/promises';
import { Injectable } from '@nestjs/common';
import { unavailable } from '@casebook/domain';
import { KeyedQueue, WrongExpectedRevisionError, type ExpectedRevision, type StoredEvent } from '@casebook/event-store';

/** How long a command keeps trying when other processes keep winning its stream (ARCHITECTURE decision 5). */
export const TURN_BUDGET_MS = 5000;
/** Longest pause between two tries. */
const MAX_PAUSE_MS = 250;

/**
 * Commands on one stream take turns (ARCHITECTURE decision 5). In this process, the whole
 * load → decide → append of a stream runs one command at a time, in arrival order, so
 * concurrent requests on a hot case queue instead of failing. A writer in another process may
 * still get in between; the store's expected-revision check catches it, and the command is
 * decided again on fresh state after a jittered pause, for as long as the time budget lasts.
 * Only a stream that stays contended that long is UNAVAILABLE: no caller is turned away because
 * others wrote first.
 */
@Injectable()
export class Turns {
  private readonly queue = new KeyedQueue();

  constructor(private readonly budgetMs: number = TURN_BUDGET_MS) {}

  /**
   * Runs `attempt` in the stream's turn. `fresh` is false on the first try (state remembered by
   * this process may be used) and true after a lost race (read the stream again).
   */
  take<T>(streamId: string, attempt: (fresh: boolean) => Promise<T>): Promise<T> {
    return this.queue.run(streamId, async () => {
      const deadline = Date.now() + this.budgetMs;
      for (let tries = 0; ; tries++) {
        try {
          return await attempt(tries > 0);
        } catch (error) {
          if (!(error instanceof WrongExpectedRevisionError)) throw error;
          // "Full jitter": racers that collided once spread out instead of colliding again.
          const pause = Math.random() * Math.min(MAX_PAUSE_MS, 5 * 2 ** tries);
          if (Date.now() + pause > deadline) throw unavailable(`${streamId} kept changing for ${this.budgetMs} ms: try again`);
          await sleep(pause);
        }
      }
    });
  }
}

/** The revision to expect when appending after `stored`, the whole stream as read. */
export const revisionAfter = (stored: readonly StoredEvent[]): ExpectedRevision =>
  stored.length === 0 ? 'no_stream' : stored[stored.length - 1].revision;
