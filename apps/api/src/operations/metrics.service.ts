import { Injectable, Optional } from '@nestjs/common';
import { Counter, Gauge, Histogram, Registry } from 'prom-client';
import { DataSource } from 'typeorm';
import { CLOCKS } from '@casebook/domain';
import { ALL_SITES } from '@casebook/projections';
import { toProblem } from '@casebook/platform';
import { ProjectionStatusReader } from './projection-status.reader';

/** Runs a command, counted when the process has metrics (the api), as it is otherwise (the worker on its own). */
export const countCommand = <T>(metrics: MetricsService | undefined, type: string, run: () => Promise<T>): Promise<T> =>
  metrics ? metrics.command(() => type, run) : run();

/**
 * The Prometheus series of API.md "Operations" (GET /metrics). Counters are fed at the edges:
 * HTTP by HttpMetricsMiddleware, commands and appended events where they are appended:
 * CaseCommandService (the one path of case commands, the worker's process managers included),
 * the directory, policy and report-publishing handlers. Projection gauges and SLA
 * breaches are read from the database on each scrape, so any replica reports the shared picture.
 *
 * Commands and appended events count in this process: a worker running on its own serves its
 * own on CASEBOOK_WORKER_METRICS_PORT (apps/worker/src/metrics-endpoint.ts), with neither
 * projection reader nor database, so the store-wide series (projection gauges, breaches, the
 * same from every api replica) come from the api only. Each instance has its own registry, so
 * several apps in one process (tests) never share a series.
 */
@Injectable()
export class MetricsService {
  readonly registry = new Registry();

  readonly httpDuration = new Histogram({
    name: 'casebook_http_request_duration_seconds',
    help: 'HTTP requests by method, route pattern and status code',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [this.registry],
  });

  private readonly commands = new Counter({
    name: 'casebook_commands_total',
    help: 'Case commands by type and outcome: ok, or the problem code of the refusal or failure',
    labelNames: ['type', 'outcome'] as const,
    registers: [this.registry],
  });

  private readonly appended = new Counter({
    name: 'casebook_events_appended_total',
    help: 'Events appended by this process, by event type (an idempotent repeat counts again)',
    labelNames: ['type'] as const,
    registers: [this.registry],
  });

  private readonly breaches = new Counter({
    name: 'casebook_sla_breaches_total',
    help: 'SlaBreached events recorded by any process, by clock (as far as the reports projection has counted)',
    labelNames: ['clock'] as const,
    registers: [this.registry],
  });

  private readonly checkpoint = new Gauge({
    name: 'casebook_projection_checkpoint_position',
    help: 'Global position of the last event each projection or process manager has processed',
    labelNames: ['projection'] as const,
    registers: [this.registry],
  });

  private readonly lagEvents = new Gauge({
    name: 'casebook_projection_lag_events',
    help: 'Events after the checkpoint, counted up to 100000',
    labelNames: ['projection'] as const,
    registers: [this.registry],
  });

  private readonly lagSeconds = new Gauge({
    name: 'casebook_projection_lag_seconds',
    help: 'Age of the oldest event not yet processed (0 when caught up)',
    labelNames: ['projection'] as const,
    registers: [this.registry],
  });

  private readonly failed = new Gauge({
    name: 'casebook_projection_failed',
    help: '1 while the projection or process manager is failed, else 0',
    labelNames: ['projection'] as const,
    registers: [this.registry],
  });

  constructor(
    @Optional() private readonly projections?: ProjectionStatusReader,
    @Optional() private readonly db?: DataSource,
  ) {}

  /** Runs a command and counts its outcome; `type` may be known only once it has run (undefined: unknown). */
  async command<T>(type: () => string | undefined, run: () => Promise<T>): Promise<T> {
    try {
      const result = await run();
      this.commands.inc({ type: type() ?? 'unknown', outcome: 'ok' });
      return result;
    } catch (error) {
      this.commands.inc({ type: type() ?? 'unknown', outcome: toProblem(error).body.code });
      throw error;
    }
  }

  eventsAppended(types: readonly string[]): void {
    for (const type of types) this.appended.inc({ type });
  }

  /** The text exposition, the projection gauges read afresh. */
  async scrape(): Promise<string> {
    if (this.projections) {
      const views = await this.projections.read();
      for (const gauge of [this.checkpoint, this.lagEvents, this.lagSeconds, this.failed]) gauge.reset();
      for (const view of views) {
        const projection = view.name;
        // A gauge is a double: exact up to 2^53, transaction ids far beyond any real database's.
        this.checkpoint.set({ projection }, Number(view.checkpoint));
        this.lagEvents.set({ projection }, view.lagEvents);
        this.lagSeconds.set({ projection }, view.lagMs / 1000);
        this.failed.set({ projection }, view.status === 'failed' ? 1 : 0);
      }
    }
    if (this.db) await this.readBreaches(this.db);
    return this.registry.metrics();
  }

  /** The store's breaches by clock, every clock present (0 before its first breach). */
  private async readBreaches(db: DataSource): Promise<void> {
    const rows: { clock: string; n: number }[] = await db.query(
      `SELECT code AS clock, sum(n)::float8 AS n FROM report_days WHERE site_id = $1 AND metric = 'breach' GROUP BY code`,
      [ALL_SITES],
    );
    this.breaches.reset();
    for (const clock of CLOCKS) this.breaches.inc({ clock }, rows.find((r) => r.clock === clock)?.n ?? 0);
  }
}
