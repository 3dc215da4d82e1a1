import type { ClockName } from './vocabulary';

/**
 * The SLA clocks of a case (PRODUCT.md §4) and what the supervision line does to them (§13):
 * pauses, extensions, warnings. Pure functions over the clock entries of the case state.
 */

export interface SlaClock {
  clock: ClockName;
  startedAt: string;
  /** The due time in force: a resume moves it by the time paused, an approved extension to the one asked. */
  dueAt: string;
  /** The due time the clock started with. */
  originalDueAt: string;
  status: 'running' | 'met' | 'breached';
  stoppedAt?: string;
  accountableStaffId: string;
  /** Set by SlaBreached. A clock stopped late is `breached` at once, but its breach is recorded by the watcher. */
  breachRecorded?: true;
  paused: boolean;
  /** While paused: since when, and when it resumes by itself. */
  pausedAt?: string;
  resumeAt?: string;
  /** ClockPaused so far. */
  pauses: number;
  /** Time paused so far, pauses ended (ms): the pause allowance counts it. */
  pausedMs: number;
  /** ExtensionApproved so far. */
  extensions: number;
  /** The extension request awaiting a decision. */
  extensionRequest?: { requestId: string; dueAt: string; reason: string; requestedBy: string };
  /** The due time an SlaAtRisk was recorded for: a warning is once per clock and due time. */
  atRiskDueAt?: string;
}

const ms = (instant: string) => Date.parse(instant);
const plusMs = (instant: string, duration: number) => new Date(ms(instant) + duration).toISOString();

export const startClock = (clock: ClockName, startedAt: string, dueAt: string, accountableStaffId: string): SlaClock => ({
  clock,
  startedAt,
  dueAt,
  originalDueAt: dueAt,
  status: 'running',
  accountableStaffId,
  paused: false,
  pauses: 0,
  pausedMs: 0,
  extensions: 0,
});

/** A clock folded before the supervision line existed, with its counts. */
export const withSupervision = (c: SlaClock): SlaClock => ({
  ...c,
  originalDueAt: c.originalDueAt ?? c.dueAt,
  paused: c.paused ?? false,
  pauses: c.pauses ?? 0,
  pausedMs: c.pausedMs ?? 0,
  extensions: c.extensions ?? 0,
});

/** Not stopped (a clock whose breach is recorded still runs until its stopping event). */
export const running = (name: ClockName) => (c: SlaClock) => c.clock === name && c.stoppedAt === undefined;

/** The latest entry of a clock: the one a command about the clock by name means. */
export const currentClock = (sla: SlaClock[], name: ClockName): SlaClock | undefined => sla.filter((c) => c.clock === name).at(-1);

/** Not yet due, or paused (a paused clock is never breached, PRODUCT.md §13). */
const inTime = (c: SlaClock, now: string) => c.paused || ms(now) <= ms(c.dueAt);

/** Running and not breached, recorded or not: a clock the supervision line may still act on. */
export const isLive = (c: SlaClock, now: string): boolean => c.stoppedAt === undefined && c.status === 'running' && inTime(c, now);

/**
 * A clock past due whose breach has no SlaBreached yet: still running, or stopped late (a
 * reply after the due time that came before the watcher did). PRODUCT.md §4: every breach is
 * recorded, even when nobody touches the case; a paused clock is never breached.
 */
export const awaitsBreachRecord = (c: SlaClock, now: string): boolean => !c.breachRecorded && c.status !== 'met' && !inTime(c, now);

/** Where a pause ends when the clock resumes at `now`: at the latest at its resumeAt, not when the worker got to it. */
export const pauseEnd = (c: SlaClock, now: string): string => (c.resumeAt !== undefined && ms(c.resumeAt) < ms(now) ? c.resumeAt : now);

/** The time a resume at `at` adds to the paused clock `c`, and the due time it moves to. */
export const resumed = (c: SlaClock, at: string): { pausedMs: number; dueAt: string } => {
  const pausedMs = Math.max(0, ms(at) - ms(c.pausedAt!));
  return { pausedMs, dueAt: plusMs(c.dueAt, pausedMs) };
};

/** The clock running again, its pause adding `pausedMs` and moving its due time to `dueAt`. */
export const unpaused = (c: SlaClock, { pausedMs, dueAt }: { pausedMs: number; dueAt: string }): SlaClock => {
  const { pausedAt: _since, resumeAt: _until, ...clock } = c;
  return { ...clock, paused: false, pausedMs: c.pausedMs + pausedMs, dueAt };
};

/** Warned (SlaAtRisk) for its due time in force: a warning is once per clock and due time. */
export const isWarned = (c: SlaClock): boolean => c.atRiskDueAt !== undefined && ms(c.atRiskDueAt) === ms(c.dueAt);

/**
 * The instant `fraction` of a clock's time has passed, from its start to its due time, paused
 * time excluded (PRODUCT.md §13 "Warning"): the clock's running time is its span less the
 * pauses, which pushed its due time out by as much.
 */
export const atRiskAt = (c: Pick<SlaClock, 'startedAt' | 'dueAt' | 'pausedMs'>, fraction: number): string => {
  const runningTime = ms(c.dueAt) - ms(c.startedAt) - c.pausedMs;
  return plusMs(c.startedAt, c.pausedMs + Math.ceil(fraction * runningTime));
};

/**
 * Stops the clocks `which` selects: met if stopped at or before due, breached otherwise. A
 * paused clock is resumed first (the time paused moves its due time), so it is met; an
 * extension request still pending lapses.
 */
export const stopClocks = (sla: SlaClock[], at: string, which: (c: SlaClock) => boolean): SlaClock[] =>
  sla.map((c) => {
    if (c.stoppedAt !== undefined || !which(c)) return c;
    const { extensionRequest: _lapsed, ...clock } = c.paused ? unpaused(c, resumed(c, at)) : c;
    if (c.status === 'breached') return { ...clock, stoppedAt: at };
    // Compared as instants, not strings: ISO forms of one instant differ (offset, fraction digits).
    return { ...clock, status: ms(at) <= ms(clock.dueAt) ? 'met' : 'breached', stoppedAt: at };
  });
