import { Inject, Injectable, Optional } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { ROLES_AT_LEAST_MANAGER } from './report-roles';
import {
  decidePublish,
  evolveReport,
  initialReportState,
  reportStreamId,
  type MonthlyReportPublished,
} from '@casebook/domain/reports';
import { EVENT_STORE, WrongExpectedRevisionError, type EventStore } from '@casebook/event-store';
import { CLOCK, CONFIG, ProblemException, requireRole, validationProblem, visibleSites, type Caller, type CasebookConfig, type Clock } from '@casebook/platform';
import { MonthlyReportQueries, type MonthlyReport } from '@casebook/projections/reports/monthly-report.queries';
import { LEDGER_READERS } from '../penalties/queries/penalty-ledger.queries';
import { MONTH_PATTERN } from '@casebook/projections/penalties/penalty.queries';
import { waitForProjections } from '@casebook/read-models';
import { envelopes } from '../events/envelopes';
import { countCommand, MetricsService } from '../operations/metrics.service';

/** What a report request covers: the sites read, and the report stream of that scope (none for a mix of sites). */
interface Scope {
  sites: string[] | 'all';
  siteId: string | null;
  streamId: string | null;
}

/** How long a publish waits for the report's projections to reach the store's head. */
const CATCH_UP_MS = 5000;

/**
 * The monthly report (PRODUCT.md §8): live from the report facts and the penalty ledger until
 * published; the published one is the MonthlyReportPublished event of its stream
 * (`report-{M}` for the whole company, `report-{M}-{siteId}` for a site), read directly.
 */
@Injectable()
export class MonthlyReportService {
  private readonly queries: MonthlyReportQueries;

  constructor(
    private readonly db: DataSource,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(CONFIG) private readonly config: CasebookConfig,
    @Optional() private readonly metrics?: MetricsService,
  ) {
    this.queries = new MonthlyReportQueries(db);
  }

  /**
   * The scope, checked in the API's order: 404 for another site, 400 for a bad month, 403 for the role.
   * Without siteId: all sites for a caller who sees them all (the company's report), one site for a
   * caller limited to one, else a live report over the caller's sites (no published version).
   */
  scope(caller: Caller, month: string, siteId: string | undefined, roles: readonly string[] = LEDGER_READERS): Scope {
    const sites = visibleSites(caller, siteId);
    if (!MONTH_PATTERN.test(month)) throw validationProblem([{ path: 'month', message: 'month must be a month as YYYY-MM' }]);
    requireRole(caller, roles as never);
    if (sites === 'all') return { sites, siteId: null, streamId: reportStreamId(month) };
    if (sites.length === 1) return { sites, siteId: sites[0], streamId: reportStreamId(month, sites[0]) };
    return { sites, siteId: null, streamId: null };
  }

  async get(caller: Caller, month: string, siteId: string | undefined): Promise<MonthlyReport> {
    const scope = this.scope(caller, month, siteId);
    const published = scope.streamId ? await this.published(scope.streamId) : undefined;
    if (published) return published;
    return this.queries.live(month, scope.sites, scope.siteId);
  }

  publish(caller: Caller, month: string, siteId: string | undefined, commandId: string): Promise<MonthlyReport> {
    return countCommand(this.metrics, 'PublishMonthlyReport', () => this.decideAndAppend(caller, month, siteId, commandId));
  }

  private async decideAndAppend(caller: Caller, month: string, siteId: string | undefined, commandId: string): Promise<MonthlyReport> {
    const scope = this.scope(caller, month, siteId, ROLES_AT_LEAST_MANAGER);
    if (siteId === undefined && caller.sites !== 'all') {
      throw new ProblemException('FORBIDDEN', 'publishing the whole company’s report needs access to every site; name a siteId');
    }
    const streamId = scope.streamId!;
    const stored = await this.store.readStream(streamId);
    const state = stored.map((e) => e as unknown as MonthlyReportPublished).reduce(evolveReport, initialReportState);
    const now = this.clock.now().toISOString();
    // Decided first on an empty report: a running month or a published one is refused before any work.
    decidePublish({ type: 'PublishMonthlyReport', month, siteId: scope.siteId ?? undefined, report: {}, publishedBy: caller.id }, state, {
      now,
      timeZone: this.config.timeZone,
    });
    // The frozen figures are those of every event recorded so far.
    await waitForProjections(this.db, ['reports', 'penalties', 'directory'], await this.store.headPosition(), CATCH_UP_MS);
    const { status: _status, ...report } = await this.queries.live(month, scope.sites, scope.siteId);
    const events = decidePublish(
      { type: 'PublishMonthlyReport', month, siteId: scope.siteId ?? undefined, report, publishedBy: caller.id },
      state,
      { now, timeZone: this.config.timeZone },
    );
    const write = { commandId, correlationId: commandId, actorId: caller.id, actorRole: caller.role, recordedAt: now };
    try {
      await this.store.append(streamId, envelopes(events, write), { expectedRevision: 'no_stream' });
      this.metrics?.eventsAppended(events.map((e) => e.type));
    } catch (error) {
      if (error instanceof WrongExpectedRevisionError) throw new ProblemException('PRECONDITION_NOT_MET', `the report of ${month} is already published`);
      throw error;
    }
    return { ...(report as Omit<MonthlyReport, 'status'>), status: 'published', publishedAt: now };
  }

  private async published(streamId: string): Promise<MonthlyReport | undefined> {
    const [event] = await this.store.readStream(streamId);
    if (!event || event.type !== 'MonthlyReportPublished') return undefined;
    const { report } = (event as unknown as MonthlyReportPublished).data;
    return { ...(report as unknown as MonthlyReport), status: 'published', publishedAt: new Date(event.recordedAt).toISOString() };
  }
}
