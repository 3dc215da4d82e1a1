import { Inject, Optional } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { DataSource } from 'typeorm';
import { decidePublish, evolveReport, initialReportState, type MonthlyReportPublished } from '@casebook/domain/reports';
import { EVENT_STORE, type EventStore } from '@casebook/event-store';
import { CLOCK, CONFIG, type CasebookConfig, type Clock } from '@casebook/platform';
import { MonthlyReportQueries, type MonthlyReport } from '@casebook/projections/reports/monthly-report.queries';
import { waitForProjections } from '@casebook/read-models';
import { COMMAND_METRICS, NO_COMMAND_METRICS, type CommandMetrics } from '../commands/command-metrics';
import type { CommandRequest } from '../commands/command-request';
import { envelopes, writeContext } from '../commands/envelopes';
import { revisionAfter, Turns } from '../commands/turns';

/** What a published report covers: the sites read, the site named (null: all sites) and its stream. */
export interface ReportScope {
  sites: string[] | 'all';
  siteId: string | null;
  streamId: string;
}

export class PublishMonthlyReportMessage {
  constructor(
    readonly month: string,
    readonly scope: ReportScope,
    readonly request: CommandRequest,
  ) {}
}

/** How long a publish waits for the report's projections to reach the store's head. */
const CATCH_UP_MS = 5000;

/**
 * PublishMonthlyReport (PRODUCT.md §8): freezes the month's report of a scope as the
 * MonthlyReportPublished event of its stream (`report-{M}` for all sites, `report-{M}-{siteId}`).
 * The figures frozen are those of every event recorded before the publish.
 */
@CommandHandler(PublishMonthlyReportMessage)
export class PublishMonthlyReportHandler implements ICommandHandler<PublishMonthlyReportMessage, MonthlyReport> {
  private readonly queries: MonthlyReportQueries;

  constructor(
    private readonly db: DataSource,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(CONFIG) private readonly config: CasebookConfig,
    private readonly turns: Turns,
    @Optional() @Inject(COMMAND_METRICS) private readonly metrics: CommandMetrics = NO_COMMAND_METRICS,
  ) {
    this.queries = new MonthlyReportQueries(db);
  }

  execute(message: PublishMonthlyReportMessage): Promise<MonthlyReport> {
    return this.metrics.command(() => 'PublishMonthlyReport', () => this.decideAndAppend(message));
  }

  private decideAndAppend({ month, scope, request }: PublishMonthlyReportMessage): Promise<MonthlyReport> {
    return this.turns.take(scope.streamId, async () => {
      const stored = await this.store.readStream(scope.streamId);
      const state = stored.map((e) => e as unknown as MonthlyReportPublished).reduce(evolveReport, initialReportState);
      const now = this.clock.now().toISOString();
      const ctx = { now, timeZone: this.config.timeZone };
      const publish = (report: Record<string, unknown>) =>
        decidePublish({ type: 'PublishMonthlyReport', month, siteId: scope.siteId ?? undefined, report, publishedBy: request.actor.id }, state, ctx);
      // Decided first on an empty report: a running month or a published one is refused before any work.
      publish({});
      await waitForProjections(this.db, ['reports', 'penalties', 'directory'], await this.store.headPosition(), CATCH_UP_MS);
      const { status: _status, ...report } = await this.queries.live(month, scope.sites, scope.siteId);
      await this.store.append(scope.streamId, envelopes(publish(report), writeContext(request, now)), {
        expectedRevision: revisionAfter(stored),
      });
      return { ...report, status: 'published', publishedAt: now } as MonthlyReport;
    });
  }
}
