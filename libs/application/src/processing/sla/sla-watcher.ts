import { setTimeout as sleep } from 'node:timers/promises';
import { Logger, type LoggerService } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import { DomainError } from '@casebook/domain';
import { inLanes, type Clock } from '@casebook/platform';
import { dueClocks, nextDueAt, type ClockCursor, type RunningClock } from '@casebook/projections/cases/case-clocks.queries';
import type { CaseCommandService } from '../../cases/case-command.service';
import { systemRequest } from '../../commands/system-request';
import { AdvisoryLock } from '../advisory-lock';
import { sessionConfig } from '../projection-runner';

export interface SlaWatcherDeps {
  /** The read-model database, which holds case_clocks. */
  dataSource: DataSource;
  commands: CaseCommandService;
  clock: Clock;
}

export interface SlaWatcherOptions {
  /**
   * Longest pause between two sweeps; shorter when the next clock falls due sooner (default
   * 2 s). A clock that starts already past due (a case logged late) waits at most this long
   * after the cases projection has it. An idle sweep is one indexed query.
   */
  intervalMs?: number;
  /** Due clocks read per query (default 500). */
  pageSize?: number;
  /** MarkSlaBreached commands in flight at once (default 16). */
  concurrency?: number;
  /**
   * Sweep only while holding a PostgreSQL advisory lock (default true), so that of several
   * workers one sweeps and the others stand by. Correctness never depends on it (the commands
   * are idempotent); it only saves doing the same work twice.
   */
  exclusive?: boolean;
  /**
   * How long a clock whose breach was just settled is not sent again, while the cases
   * projection has yet to drop it from case_clocks (default 60 s; a resend is harmless).
   */
  settledMs?: number;
  logger?: Pick<LoggerService, 'log' | 'warn' | 'error'>;
}

export interface SweepResult {
  /** Due clocks the sweep sent MarkSlaBreached for. */
  sent: number;
  /** Of those, breaches this sweep recorded (or found recorded by an identical command). */
  breached: number;
  /** Refused because the clock was no longer running (breached meanwhile, stopped, moved). */
  settled: number;
  /** Failed for another reason: tried again on the next sweep. */
  failed: number;
}

export type SlaWatcherState = 'idle' | 'standby' | 'sweeping' | 'stopped';

const LOCK_KEY = 'casebook-sla-watcher';
/** Shortest pause, so a clock refused as not yet past due (a moved clock) cannot make it spin. */
const MIN_PAUSE_MS = 20;

/** The key of one clock's breach: a clock restarted with the same due time gets a new one. */
export const breachKey = (c: Pick<RunningClock, 'caseId' | 'clock' | 'dueAt' | 'startedAt'>) =>
  `${c.caseId}/${c.clock}/${c.dueAt}/${c.startedAt}`;

/**
 * The SLA watcher (PRODUCT.md §4, ARCHITECTURE decision 6): reads the running clocks due
 * before now (the injected clock) from case_clocks and sends MarkSlaBreached for each through
 * the one command path; the decider records SlaBreached only while the clock is still running
 * and past due. Sweeps at start-up (clocks that fell due while no worker ran) and then again
 * whenever the next clock falls due, at most `intervalMs` apart.
 *
 * Exactly once: a breach's command id derives from the clock (breachKey), so two watchers, or
 * one resending after a crash, derive the same event id. The loser of a race either appends
 * the same event again (a no-op for the store) or, deciding on the fresh stream, finds the
 * clock breached (PRECONDITION_NOT_MET), which counts as done.
 */
export class SlaWatcher {
  private current: SlaWatcherState = 'idle';
  private stopping = false;
  private run?: Promise<void>;
  private readonly stopped = new AbortController();
  private readonly lock?: AdvisoryLock;
  private leading = false;
  /** Breaches settled lately (key → when), not sent again until case_clocks has caught up. */
  private readonly settled = new Map<string, number>();
  private readonly intervalMs: number;
  private readonly pageSize: number;
  private readonly concurrency: number;
  private readonly settledMs: number;
  private readonly logger: Pick<LoggerService, 'log' | 'warn' | 'error'>;

  constructor(
    private readonly deps: SlaWatcherDeps,
    options: SlaWatcherOptions = {},
  ) {
    this.intervalMs = options.intervalMs ?? 2000;
    this.pageSize = options.pageSize ?? 500;
    this.concurrency = options.concurrency ?? 16;
    this.settledMs = options.settledMs ?? 60_000;
    this.logger = options.logger ?? new Logger('SlaWatcher');
    if (options.exclusive ?? true) {
      this.lock = new AdvisoryLock(sessionConfig(deps.dataSource, 'casebook-sla-watcher-lock'), LOCK_KEY, (error) => {
        this.leading = false;
        this.logger.warn(`lost its lock (${error.message}); stands by`);
      });
    }
  }

  get state(): SlaWatcherState {
    return this.current;
  }

  start(): void {
    if (this.run) throw new Error('the SLA watcher is already started');
    this.run = this.loop();
  }

  /** Lets the commands in flight finish, sends no more, releases the lock. */
  async stop(): Promise<void> {
    this.stopping = true;
    this.stopped.abort();
    await this.run;
    await this.lock?.release();
    this.current = 'stopped';
  }

  private async loop(): Promise<void> {
    try {
      while (!this.stopping) {
        let pause = this.intervalMs;
        try {
          if (await this.lead()) {
            this.current = 'sweeping';
            const result = await this.sweep();
            if (result.breached > 0 || result.failed > 0) {
              this.logger.log(`recorded ${result.breached} breaches (${result.settled} already settled, ${result.failed} failed)`);
            }
            pause = await this.untilNextDue();
          } else {
            if (this.current !== 'standby') this.logger.log('standby: another worker sweeps');
            this.current = 'standby';
          }
        } catch (error) {
          if (this.stopping) return;
          this.leading = false;
          await this.lock?.release(); // the next attempt starts on a fresh session
          this.logger.warn(`${messageOf(error)}; retrying in ${this.intervalMs} ms`);
        }
        await sleep(pause, undefined, { signal: this.stopped.signal }).catch(() => undefined);
      }
    } finally {
      await this.lock?.release();
    }
  }

  /** True while this watcher may sweep: it holds the lock, or needs none. */
  private async lead(): Promise<boolean> {
    if (!this.lock) return true;
    if (!this.leading) this.leading = await this.lock.tryAcquire();
    return this.leading;
  }

  /**
   * One pass over every clock due now: MarkSlaBreached for each, `concurrency` at a time, the
   * longest overdue first. Public for tests and the benchmark.
   */
  async sweep(): Promise<SweepResult> {
    const result: SweepResult = { sent: 0, breached: 0, settled: 0, failed: 0 };
    const now = this.deps.clock.now();
    this.forgetSettled();
    let after: ClockCursor | undefined;
    while (!this.stopping) {
      const page = await dueClocks(this.deps.dataSource, { now, after, limit: this.pageSize });
      if (page.length === 0) break;
      after = page[page.length - 1];
      const fresh = page.filter((c) => !this.settled.has(breachKey(c)));
      await inLanes(fresh, this.concurrency, async (c) => {
        result.sent++;
        const outcome = await this.breach(c);
        result[outcome]++;
        if (outcome !== 'failed') this.settled.set(breachKey(c), Date.now());
      }, () => this.stopping);
      if (page.length < this.pageSize) break;
    }
    return result;
  }

  /** Sends MarkSlaBreached for one clock; answers what became of it. Never throws. */
  private async breach(c: RunningClock): Promise<'breached' | 'settled' | 'failed'> {
    try {
      const written = await this.deps.commands.execute(c.caseId, systemRequest('sla-breach', { key: breachKey(c) }), () => ({
        type: 'MarkSlaBreached',
        clock: c.clock,
        dueAt: c.dueAt,
      }));
      return written.events.includes('SlaBreached') ? 'breached' : 'settled';
    } catch (error) {
      // Not running any more (breached by another watcher, stopped, moved), or no such case:
      // nothing left to do for this clock.
      if (error instanceof DomainError && (error.code === 'PRECONDITION_NOT_MET' || error.code === 'NOT_FOUND')) return 'settled';
      this.logger.warn(`breach of ${c.clock} of case ${c.caseId} due ${c.dueAt} failed: ${messageOf(error)}`);
      return 'failed';
    }
  }

  /** How long until the next running clock is past due, within [MIN_PAUSE_MS, intervalMs]. */
  private async untilNextDue(): Promise<number> {
    const now = this.deps.clock.now();
    const next = await nextDueAt(this.deps.dataSource, now);
    if (!next) return this.intervalMs;
    // The decider wants now strictly after the due time: a millisecond past it.
    return Math.min(this.intervalMs, Math.max(MIN_PAUSE_MS, next.getTime() - now.getTime() + 1));
  }

  private forgetSettled(): void {
    const before = Date.now() - this.settledMs;
    for (const [key, at] of this.settled) if (at < before) this.settled.delete(key);
  }
}

const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));
