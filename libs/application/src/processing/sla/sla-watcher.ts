import { setTimeout as sleep } from 'node:timers/promises';
import { Logger, type LoggerService } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import { DomainError, type CaseCommand, type CaseEventType } from '@casebook/domain';
import { inLanes, type Clock } from '@casebook/platform';
import { dueClocks, nextDutyAt, type ClockCursor, type SlaDuty, type WatchedClock } from '@casebook/projections/cases/case-clocks.queries';
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
   * Longest pause between two sweeps; shorter when the next duty falls due sooner (default
   * 2 s). A clock that starts already past due (a case logged late) waits at most this long
   * after the cases projection has it. An idle sweep is one indexed query per duty.
   */
  intervalMs?: number;
  /** Due clocks read per query (default 500). */
  pageSize?: number;
  /** Commands in flight at once (default 16). */
  concurrency?: number;
  /**
   * Sweep only while holding a PostgreSQL advisory lock (default true), so that of several
   * workers one sweeps and the others stand by. Correctness never depends on it (the commands
   * are idempotent); it only saves doing the same work twice.
   */
  exclusive?: boolean;
  /**
   * How long a clock whose duty was just settled is not sent again, while the cases projection
   * has yet to update its row in case_clocks (default 60 s; a resend is harmless).
   */
  settledMs?: number;
  logger?: Pick<LoggerService, 'log' | 'warn' | 'error'>;
}

export interface SweepResult {
  /** Clocks the sweep sent the duty's command for. */
  sent: number;
  /** Of those, the duty's event this sweep recorded (or found recorded by an identical command). */
  recorded: number;
  /** Refused because there was nothing left to do (done by another watcher, clock stopped or moved). */
  settled: number;
  /** Failed for another reason: tried again on the next sweep. */
  failed: number;
}

export type SweepResults = Record<SlaDuty, SweepResult>;

export type SlaWatcherState = 'idle' | 'standby' | 'sweeping' | 'stopped';

const LOCK_KEY = 'casebook-sla-watcher';
/** Shortest pause, so a clock refused as not yet past due (a moved clock) cannot make it spin. */
const MIN_PAUSE_MS = 20;

/** The key of one clock at one due time: a clock restarted with the same due time gets a new one. */
export const clockKey = (c: Pick<WatchedClock, 'caseId' | 'clock' | 'dueAt' | 'startedAt'>) =>
  `${c.caseId}/${c.clock}/${c.dueAt}/${c.startedAt}`;

/**
 * What the watcher sends for each duty, and the event that says it is done. A command's id
 * derives from the reaction and the key, so two watchers, or one resending after a crash, derive
 * the same event id: a breach and a warning once per clock and due time, a resume once per pause.
 */
const DUTIES: Record<SlaDuty, { reaction: string; event: CaseEventType; key: (c: WatchedClock) => string; command: (c: WatchedClock) => CaseCommand }> = {
  resume: {
    reaction: 'clock-resume',
    event: 'ClockResumed',
    key: (c) => `${c.caseId}/${c.clock}/${c.startedAt}/${c.pausedAt}`,
    command: (c) => ({ type: 'ResumeClock', clock: c.clock }),
  },
  breach: { reaction: 'sla-breach', event: 'SlaBreached', key: clockKey, command: (c) => ({ type: 'MarkSlaBreached', clock: c.clock, dueAt: c.dueAt }) },
  warning: { reaction: 'sla-at-risk', event: 'SlaAtRisk', key: clockKey, command: (c) => ({ type: 'MarkSlaAtRisk', clock: c.clock, dueAt: c.dueAt }) },
};

/** In the order of a sweep: a resume moves the due time a breach or a warning is decided on. */
export const SLA_DUTIES: readonly SlaDuty[] = ['resume', 'breach', 'warning'];

/** Refusals that mean there is nothing left to do for a clock. */
const SETTLED_CODES: readonly string[] = ['PRECONDITION_NOT_MET', 'NOT_FOUND', 'INVALID_STATE_TRANSITION'];

/**
 * The SLA watcher (PRODUCT.md §4, §13; ARCHITECTURE decision 7): reads from case_clocks the
 * clocks whose duty fell due before now (the injected clock) and sends each its command through
 * the one command path: ResumeClock (by the system) for a paused clock at its resumeAt,
 * MarkSlaBreached for an unpaused clock past its due time, MarkSlaAtRisk for a running clock
 * whose warning time has come. The decider records the event only while it still applies (the
 * clock still paused, still past due and unbreached, still unwarned for that due time). Sweeps
 * at start-up (duties that fell due while no worker ran) and then again whenever the next duty
 * falls due, at most `intervalMs` apart.
 *
 * Exactly once: a command's id derives from its duty and the clock (DUTIES), so two watchers,
 * or one resending after a crash, derive the same event id. The loser of a race either appends
 * the same event again (a no-op for the store) or, deciding on the fresh stream, finds it done
 * (PRECONDITION_NOT_MET), which counts as settled.
 */
export class SlaWatcher {
  private current: SlaWatcherState = 'idle';
  private stopping = false;
  private run?: Promise<void>;
  private readonly stopped = new AbortController();
  private readonly lock?: AdvisoryLock;
  private leading = false;
  /** Duties settled lately (key → when), not sent again until case_clocks has caught up. */
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
            const results = await this.sweep();
            for (const duty of SLA_DUTIES) {
              const r = results[duty];
              if (r.recorded > 0 || r.failed > 0) {
                this.logger.log(`${duty}: recorded ${r.recorded} ${DUTIES[duty].event} (${r.settled} already settled, ${r.failed} failed)`);
              }
            }
            pause = await this.untilNextDuty();
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

  /** One pass over every duty due now, resumes first. Public for tests. */
  async sweep(): Promise<SweepResults> {
    const results = {} as SweepResults;
    for (const duty of SLA_DUTIES) results[duty] = await this.sweepOf(duty);
    return results;
  }

  /**
   * One pass over the clocks whose `duty` is due now: its command for each, `concurrency` at a
   * time, the longest waiting first. Public for tests and the benchmark.
   */
  async sweepOf(duty: SlaDuty): Promise<SweepResult> {
    const result: SweepResult = { sent: 0, recorded: 0, settled: 0, failed: 0 };
    const now = this.deps.clock.now();
    this.forgetSettled();
    // Settled for this duty at this time: a clock whose duty moves (a new warning time) is sent again at once.
    const settledKey = (c: WatchedClock) => `${duty}/${DUTIES[duty].key(c)}/${c.at}`;
    let after: ClockCursor | undefined;
    while (!this.stopping) {
      const page = await dueClocks(this.deps.dataSource, duty, { now, after, limit: this.pageSize });
      if (page.length === 0) break;
      after = page[page.length - 1];
      const fresh = page.filter((c) => !this.settled.has(settledKey(c)));
      await inLanes(fresh, this.concurrency, async (c) => {
        result.sent++;
        const outcome = await this.send(duty, c);
        result[outcome]++;
        if (outcome !== 'failed') this.settled.set(settledKey(c), Date.now());
      }, () => this.stopping);
      if (page.length < this.pageSize) break;
    }
    return result;
  }

  /** Sends the duty's command for one clock; answers what became of it. Never throws. */
  private async send(duty: SlaDuty, c: WatchedClock): Promise<'recorded' | 'settled' | 'failed'> {
    const { reaction, event, key, command } = DUTIES[duty];
    try {
      const written = await this.deps.commands.execute(c.caseId, systemRequest(reaction, { key: key(c) }), () => command(c));
      return written.events.includes(event) ? 'recorded' : 'settled';
    } catch (error) {
      // Done by another watcher, the clock stopped or moved, or no such case: nothing left to do for it.
      if (error instanceof DomainError && SETTLED_CODES.includes(error.code)) return 'settled';
      this.logger.warn(`${duty} of ${c.clock} of case ${c.caseId} (due ${c.dueAt}) failed: ${messageOf(error)}`);
      return 'failed';
    }
  }

  /** How long until the next duty falls due, within [MIN_PAUSE_MS, intervalMs]. */
  private async untilNextDuty(): Promise<number> {
    const now = this.deps.clock.now();
    const next = await nextDutyAt(this.deps.dataSource, now);
    if (!next) return this.intervalMs;
    // A breach wants now strictly after the due time: a millisecond past it.
    return Math.min(this.intervalMs, Math.max(MIN_PAUSE_MS, next.getTime() - now.getTime() + 1));
  }

  private forgetSettled(): void {
    const before = Date.now() - this.settledMs;
    for (const [key, at] of this.settled) if (at < before) this.settled.delete(key);
  }
}

const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));
