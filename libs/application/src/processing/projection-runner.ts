import { setTimeout as sleep } from 'node:timers/promises';
import { Logger, type LoggerService } from '@nestjs/common';
import type { ClientConfig } from 'pg';
import type { DataSource } from 'typeorm';
import type { PostgresConnectionOptions } from 'typeorm/driver/postgres/PostgresConnectionOptions';
import type { EventStore, StoredEvent, Subscription } from '@casebook/event-store';
import type { Projection } from '@casebook/projections';
import type { ProjectionCheckpoint } from '@casebook/read-models';
import { AdvisoryLock } from './advisory-lock';
import { batches } from './batches';
import {
  advanceCheckpoint,
  loadCheckpoint,
  markFailed,
  markRebuilding,
  markRunning,
  rebuildRequested,
  StaleCheckpointError,
  switchCheckpoint,
} from './checkpoints';
import { createShadowTables, dropRebuildSchemas, inShadow, swapInShadowTables } from './rebuild-tables';
import { runnerLockKey } from './runner-names';
import { isTransient } from './transient-errors';

export interface ProjectionRunnerDeps {
  /** The read-model database; it also holds the checkpoints. */
  dataSource: DataSource;
  store: EventStore;
}

export interface ProjectionRunnerOptions {
  /** Most events per transaction (default 2000: a catch-up moves fewer, fuller counter rows per event). */
  batchSize?: number;
  /**
   * How long a live batch waits for more events after its first, while events keep coming
   * (default 50 ms); a lone event after a quiet spell is applied at once.
   */
  lingerMs?: number;
  /** How often, at most, the checkpoint is stored for batches with nothing to apply (default 250 ms). */
  passingCheckpointMs?: number;
  /** How often a standby runner tries the lock again, and the pause after an infrastructure error. */
  retryMs?: number;
  /** How often a running runner looks for a rebuild request (default 1000 ms). */
  rebuildCheckMs?: number;
  /** How long a rebuild's switch-over waits for readers of the live tables before it retries (default 2000 ms). */
  switchLockTimeoutMs?: number;
  logger?: Pick<LoggerService, 'log' | 'warn' | 'error'>;
}

/** `failed` and `stopped` are final: a runner runs once; start a new one to try again. */
export type RunnerState = 'idle' | 'standby' | 'running' | 'rebuilding' | 'failed' | 'stopped';

/** An event `apply` threw on, applied on its own; the checkpoint stands just before it. */
class EventFailedError extends Error {
  constructor(
    readonly event: StoredEvent,
    readonly checkpoint: bigint,
    readonly reason: unknown,
  ) {
    super(`event ${event.eventId} (${event.type} at position ${event.position}) failed: ${messageOf(reason)}`);
  }
}

/**
 * Runs one projection (ARCHITECTURE decision 4). Only the holder of the projection's advisory
 * lock applies events; other runners wait in standby and take over when it goes. Each batch is
 * applied in one transaction with the checkpoint, so killing the process at any instant loses
 * or repeats nothing. Subscribes to every event, not only the handled types, so the checkpoint
 * also passes events the projection ignores (what `waitForProjections` compares against); only
 * the handled types come with their bodies (`bodiesOf`), the others are hollow and never applied.
 *
 * An event `apply` throws on marks the projection failed, naming the event, and ends this
 * runner; a new runner (the next process start) retries it. Infrastructure errors (lost
 * connections, a store that cannot be read) are retried after `retryMs`.
 *
 * Rebuilds (decision 4): when the stored tables are of another version than the code, or a
 * rebuild is requested (checkpoint status `rebuilding`), the lock holder builds the projection
 * from position 0 into copies of its tables in a schema of their own (rebuild-tables.ts) while
 * queries keep reading the live tables, which it keeps applying new events to when their version
 * is the code's. Once the copies have reached the head of the store, one transaction swaps them
 * into `public` and moves the checkpoint to their version and position. A rebuild stopped or
 * failed halfway leaves the live tables as they were; the next rebuild starts over.
 */
export class ProjectionRunner {
  private current: RunnerState = 'idle';
  private stopping = false;
  private run?: Promise<void>;
  private subscription?: Subscription;
  private lockLost = false;
  private readonly stopped = new AbortController();
  private readonly handles: ReadonlySet<string>;
  private readonly lock: AdvisoryLock;
  private readonly batchSize: number;
  private readonly lingerMs: number;
  private readonly passingCheckpointMs: number;
  private readonly retryMs: number;
  private readonly rebuildCheckMs: number;
  private readonly switchLockTimeoutMs: number;
  private readonly logger: Pick<LoggerService, 'log' | 'warn' | 'error'>;

  constructor(
    readonly projection: Projection,
    private readonly deps: ProjectionRunnerDeps,
    options: ProjectionRunnerOptions = {},
  ) {
    this.handles = new Set(projection.types);
    this.batchSize = options.batchSize ?? 2000;
    this.lingerMs = options.lingerMs ?? 50;
    this.passingCheckpointMs = options.passingCheckpointMs ?? 250;
    this.retryMs = options.retryMs ?? 1000;
    this.rebuildCheckMs = options.rebuildCheckMs ?? 1000;
    this.switchLockTimeoutMs = options.switchLockTimeoutMs ?? 2000;
    this.logger = options.logger ?? new Logger(`Projection ${projection.name}`);
    this.lock = new AdvisoryLock(sessionConfig(deps.dataSource), runnerLockKey(projection.name), (error) => {
      this.logger.warn(`lost its lock (${error.message}); stops applying`);
      this.lockLost = true;
      void this.subscription?.close();
    });
  }

  get state(): RunnerState {
    return this.current;
  }

  start(): void {
    if (this.run) throw new Error(`runner of ${this.projection.name} already started`);
    this.run = this.loop();
  }

  /** Closes the subscription, lets a batch in flight commit, releases the lock. */
  async stop(): Promise<void> {
    this.stopping = true;
    this.stopped.abort();
    await this.subscription?.close();
    await this.run;
    if (this.current !== 'failed') this.current = 'stopped';
  }

  private async loop(): Promise<void> {
    try {
      while (!this.stopping) {
        try {
          if (!(await this.lock.tryAcquire())) {
            this.enterStandby();
            await this.pause();
            continue;
          }
          this.lockLost = false;
          try {
            if ((await this.follow()) === 'failed') return;
          } finally {
            await this.lock.release();
          }
        } catch (error) {
          if (this.stopping) return;
          this.logger.warn(`${messageOf(error)}; retrying in ${this.retryMs} ms`);
          await this.pause();
        }
      }
    } finally {
      await this.lock.release();
    }
  }

  /** Applies events from the checkpoint on, until stopped, the lock is lost or an event fails. */
  private async follow(): Promise<'stopped' | 'failed'> {
    const { dataSource, store } = this.deps;
    const { name, version } = this.projection;
    const checkpoint = await loadCheckpoint(dataSource, this.projection);
    let position = checkpoint.position;
    const rebuildable = (this.projection.tables?.length ?? 0) > 0;
    if (checkpoint.version !== version && !rebuildable) {
      return this.fail(position, null, `tables are at version ${checkpoint.version}, code at ${version}: rebuild needed`);
    }
    if (rebuildable && (checkpoint.version !== version || checkpoint.status === 'rebuilding')) {
      const rebuilt = await this.rebuild(checkpoint);
      if (typeof rebuilt !== 'bigint') return rebuilt;
      position = rebuilt;
    } else if (checkpoint.status === 'failed') this.logger.warn(`retrying after failure at event ${checkpoint.failedEventId}`);
    await markRunning(dataSource, name, position);
    this.current = 'running';
    this.logger.log(`running from position ${position}`);

    const subscription = store.subscribe({ from: position, batchSize: this.batchSize, bodiesOf: this.projection.types });
    this.subscription = subscription;
    // A rebuild request ends the subscription; the loop then comes back here, and rebuilds.
    const watch = rebuildable ? setInterval(() => void this.closeOnRebuildRequest(subscription), this.rebuildCheckMs) : undefined;
    // The checkpoint as stored, and when: a batch with nothing to apply moves it in memory only,
    // and in the table at most every passingCheckpointMs (a write and a commit saved per batch
    // for every projection the event is not for). Readers waiting for it wait that long at most.
    let stored = position;
    let storedAt = Date.now();
    // Waiting for company pays only under load: a batch that follows the last one closely lingers.
    let lastBatchAt = 0;
    const linger = () => (Date.now() - lastBatchAt < 2 * this.lingerMs ? this.lingerMs : 0);
    try {
      if (this.stopping) return 'stopped';
      for await (const batch of batches(subscription, this.batchSize, linger, this.passingCheckpointMs)) {
        if (batch.length > 0) lastBatchAt = Date.now();
        if (batch.length === 0) {
          // Idle: what passed by is stored now.
          if (position > stored) {
            stored = await this.advancePast(stored, position);
            storedAt = Date.now();
          }
          continue;
        }
        const passing = !batch.some((event) => this.handles.has(event.type));
        if (passing && Date.now() - storedAt < this.passingCheckpointMs) {
          position = batch[batch.length - 1].position;
          continue;
        }
        try {
          position = stored = await this.commitBatch(batch, stored);
          storedAt = Date.now();
        } catch (error) {
          if (!(error instanceof EventFailedError)) throw error;
          return this.fail(error.checkpoint, error.event.eventId, error.message);
        }
      }
      return 'stopped';
    } finally {
      clearInterval(watch);
      this.subscription = undefined;
      await subscription.close();
      if (position > stored) await this.advancePast(stored, position).catch(() => undefined);
    }
  }

  /** Stores the checkpoint past events with nothing to apply. */
  private async advancePast(stored: bigint, position: bigint): Promise<bigint> {
    await advanceCheckpoint(this.deps.dataSource.manager, this.projection.name, stored, position);
    return position;
  }

  private async closeOnRebuildRequest(subscription: Subscription): Promise<void> {
    try {
      if (await rebuildRequested(this.deps.dataSource, this.projection.name)) {
        this.logger.log('rebuild requested');
        await subscription.close();
      }
    } catch {
      // the next look, or the subscription's own error, tells
    }
  }

  /**
   * Builds the projection afresh beside the live tables and switches over to it; returns the
   * position the rebuilt tables are at, or how the runner ends when the rebuild cannot finish.
   */
  private async rebuild(checkpoint: ProjectionCheckpoint): Promise<bigint | 'stopped' | 'failed'> {
    const { dataSource, store } = this.deps;
    const { name, version } = this.projection;
    const tables = this.projection.tables ?? [];
    // Live tables of the code's version keep following the store; of another, they stay as they are.
    const keepLive = checkpoint.version === version;
    let live = checkpoint.position;
    await markRebuilding(dataSource, name, live);
    this.current = 'rebuilding';
    this.logger.log(`rebuilding version ${version} beside the live tables (version ${checkpoint.version}, position ${live})`);
    await createShadowTables(dataSource, name, tables);
    let position = 0n;
    try {
      for (;;) {
        // Up to the head of the store...
        for (;;) {
          if (this.stopping || this.lockLost) return 'stopped';
          const events = await store.readAll({ from: position, max: this.batchSize, bodiesOf: this.projection.types });
          if (events.length === 0) break;
          const to = events[events.length - 1].position;
          const handled = events.filter((event) => this.handles.has(event.type));
          if (handled.length > 0) {
            try {
              await inShadow(dataSource, name, (manager) => this.projection.apply(handled, manager));
            } catch (error) {
              if (!blamesTheEvents(error)) throw error;
              return this.fail(live, null, `rebuild failed on the events after position ${position} up to ${to}: ${messageOf(error)}`);
            }
          }
          position = to;
          if (keepLive) live = await this.catchUpLive(live);
        }
        if (this.stopping || this.lockLost) return 'stopped';
        // ...then the switch, unless a long reader holds the live tables: catch up again, and retry.
        if (await this.switchOver(live, position)) break;
        this.logger.warn(`switch-over waited ${this.switchLockTimeoutMs} ms for readers of the live tables; trying again`);
        await this.pause();
      }
    } catch (error) {
      if (!(error instanceof EventFailedError)) throw error;
      return this.fail(error.checkpoint, error.event.eventId, error.message);
    }
    await dropRebuildSchemas(dataSource, name);
    // The tables switched in have no planner statistics yet: without them, the first queries
    // may scan whole tables until autovacuum gets round to them.
    await dataSource.query(`ANALYZE ${tables.map((table) => `public.${table}`).join(', ')}`);
    this.logger.log(`rebuilt version ${version} up to position ${position}, and switched over`);
    return position;
  }

  /**
   * Swaps the rebuilt tables in and moves the checkpoint, in one transaction. Its exclusive locks
   * queue every reader of the live tables behind them, so it gives up (false) rather than wait
   * more than `switchLockTimeoutMs` for a reader already in.
   */
  private async switchOver(live: bigint, position: bigint): Promise<boolean> {
    const { name, version } = this.projection;
    try {
      await this.deps.dataSource.transaction(async (manager) => {
        await manager.query(`SET LOCAL lock_timeout = ${Math.max(1, Math.round(this.switchLockTimeoutMs))}`);
        await swapInShadowTables(manager, name, this.projection.tables ?? []);
        await switchCheckpoint(manager, name, live, { version, position });
      });
      return true;
    } catch (error) {
      if (sqlStateOf(error) === LOCK_NOT_AVAILABLE) return false;
      throw error;
    }
  }

  /** One batch more on the live tables, during a rebuild. */
  private async catchUpLive(from: bigint): Promise<bigint> {
    const events = await this.deps.store.readAll({ from, max: this.batchSize, bodiesOf: this.projection.types });
    return events.length === 0 ? from : this.commitBatch(events, from);
  }

  /**
   * Commits the batch in one transaction. If the events are to blame, commits them one at a
   * time, so the events before the faulty one are kept and the failure names the event.
   */
  private async commitBatch(batch: StoredEvent[], from: bigint): Promise<bigint> {
    try {
      return await this.commit(batch, from);
    } catch (error) {
      if (!blamesTheEvents(error)) throw error;
    }
    let position = from;
    for (const event of batch) {
      try {
        position = await this.commit([event], position);
      } catch (error) {
        throw blamesTheEvents(error) ? new EventFailedError(event, position, error) : error;
      }
    }
    return position;
  }

  private async commit(events: StoredEvent[], from: bigint): Promise<bigint> {
    const to = events[events.length - 1].position;
    const handled = events.filter((event) => this.handles.has(event.type));
    if (handled.length === 0) {
      // Nothing to apply: the guarded checkpoint update alone, one statement, no transaction.
      await advanceCheckpoint(this.deps.dataSource.manager, this.projection.name, from, to);
      return to;
    }
    return this.deps.dataSource.transaction(async (manager) => {
      // Checkpoint first: a stale runner stops here, before touching the projection's tables.
      await advanceCheckpoint(manager, this.projection.name, from, to);
      await this.projection.apply(handled, manager);
      return to;
    });
  }

  private async fail(position: bigint, failedEventId: string | null, error: string): Promise<'failed'> {
    await markFailed(this.deps.dataSource, this.projection.name, position, { error, failedEventId });
    this.current = 'failed';
    this.logger.error(`failed at position ${position}: ${error}`);
    return 'failed';
  }

  private enterStandby(): void {
    if (this.current !== 'standby') this.logger.log('standby: another runner holds the lock');
    this.current = 'standby';
  }

  private pause(): Promise<void> {
    return sleep(this.retryMs, undefined, { signal: this.stopped.signal }).catch(() => undefined);
  }
}

// A stale checkpoint or an unavailable database says nothing about the events: retry later.
const blamesTheEvents = (error: unknown) => !(error instanceof StaleCheckpointError) && !isTransient(error);

const LOCK_NOT_AVAILABLE = '55P03';
const sqlStateOf = (error: unknown): unknown =>
  (error as { code?: unknown; driverError?: { code?: unknown } } | null)?.code ??
  (error as { driverError?: { code?: unknown } } | null)?.driverError?.code;

const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));

/** Settings for the lock's own session, taken from the data source's. */
export function sessionConfig(dataSource: DataSource, applicationName = 'casebook-projection-lock'): ClientConfig {
  const options = dataSource.options as PostgresConnectionOptions;
  return {
    connectionString: options.url,
    host: options.host,
    port: options.port,
    user: options.username,
    password: options.password,
    database: options.database,
    // TypeORM types its TLS options as node's server-side ones; pg passes them to tls.connect.
    ssl: options.ssl as ClientConfig['ssl'],
    application_name: applicationName,
  };
}
