import { Injectable } from '@nestjs/common';
import { Counter, Gauge, Histogram, Registry } from 'prom-client';
import { DataSource } from 'typeorm';
import { CLOCKS } from '@casebook/domain';
import { ALL_SITES } from '@casebook/projections';
import { ProjectionStatusReader } from './projection-status.reader';

/**
 * The Prometheus series of API.md "Operations" (GET /metrics). HTTP is timed by
 * HttpMetricsMiddleware; commands and appended events are counted by the application
 * (`commands`, provided as its COMMAND_METRICS); projection gauges and SLA breaches are read
 * from the database on each scrape, so any replica reports the shared picture.
 *
 * Commands and appended events count in this process: a worker running on its own serves its
 * own on CASEBOOK_WORKER_METRICS_PORT (apps/worker), so the store-wide series (projection
 * gauges, breaches, the same from every api replica) come from the api only. Each instance has
 * its own registry, so several apps in one process (tests) never share a series.
 */
@Injectable()
export class MetricsService {
  readonly httpDuration: Histogram<'method' | 'route' | 'status'>;
  private readonly breaches: Counter<'clock'>;
  private readonly checkpoint: Gauge<'projection'>;
  private readonly lagEvents: Gauge<'projection'>;
  private readonly lagSeconds: Gauge<'projection'>;
  private readonly failed: Gauge<'projection'>;

  constructor(
    /** Shared with the command counters (COMMAND_METRICS, OperationsModule). */
    readonly registry: Registry,
    private readonly projections: ProjectionStatusReader,
    private readonly db: DataSource,
  ) {
    const registers = [registry];
    this.httpDuration = new Histogram({
      name: 'casebook_http_request_duration_seconds',
      help: 'HTTP requests by method, route pattern and status code',
      labelNames: ['method', 'route', 'status'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers,
    });
    this.breaches = new Counter({
      name: 'casebook_sla_breaches_total',
      help: 'SlaBreached events recorded by any process, by clock (as far as the reports projection has counted)',
      labelNames: ['clock'],
      registers,
    });
    const perProjection = (name: string, help: string) => new Gauge({ name, help, labelNames: ['projection'], registers });
    this.checkpoint = perProjection(
      'casebook_projection_checkpoint_position',
      'Global position of the last event each projection or process manager has processed',
    );
    this.lagEvents = perProjection('casebook_projection_lag_events', 'Events after the checkpoint, counted up to 100000');
    this.lagSeconds = perProjection('casebook_projection_lag_seconds', 'Age of the oldest event not yet processed (0 when caught up)');
    this.failed = perProjection('casebook_projection_failed', '1 while the projection or process manager is failed, else 0');
  }

  /** The text exposition, the projection gauges read afresh. */
  async scrape(): Promise<string> {
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
    await this.readBreaches();
    return this.registry.metrics();
  }

  /** The store's breaches by clock, every clock present (0 before its first breach). */
  private async readBreaches(): Promise<void> {
    const rows: { clock: string; n: number }[] = await this.db.query(
      `SELECT code AS clock, sum(n)::float8 AS n FROM report_days WHERE site_id = $1 AND metric = 'breach' GROUP BY code`,
      [ALL_SITES],
    );
    this.breaches.reset();
    for (const clock of CLOCKS) this.breaches.inc({ clock }, rows.find((r) => r.clock === clock)?.n ?? 0);
  }
}
