import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { ROLES_AT_LEAST_MANAGER } from './report-roles';
import { CommandBus } from '@nestjs/cqrs';
import { PublishMonthlyReportMessage, type CommandRequest } from '@casebook/application';
import { reportStreamId, type MonthlyReportPublished } from '@casebook/domain/reports';
import { EVENT_STORE, type EventStore } from '@casebook/event-store';
import { ProblemException, requireRole, validationProblem, visibleSites, type Caller } from '@casebook/platform';
import { MonthlyReportQueries, type MonthlyReport } from '@casebook/projections/reports/monthly-report.queries';
import { LEDGER_READERS } from '../penalties/queries/penalty-ledger.queries';
import { monthNoticeStatus, MONTH_PATTERN } from '@casebook/projections/penalties/penalty.queries';

/** What a report request covers: the sites read, and the report stream of that scope (none for a mix of sites). */
interface Scope {
  sites: string[] | 'all';
  siteId: string | null;
  streamId: string | null;
}

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
    private readonly commands: CommandBus,
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
    // A report published before the penalty notice existed froze no noticeStatus: it shows the current one.
    if (published) return { ...published, noticeStatus: published.noticeStatus ?? (await monthNoticeStatus(this.db, month, scope.sites)) };
    return this.queries.live(month, scope.sites, scope.siteId);
  }

  /** Publishing the whole company's report needs access to every site (403 otherwise). */
  publish(caller: Caller, month: string, siteId: string | undefined, request: CommandRequest): Promise<MonthlyReport> {
    const { sites, siteId: scopeSite, streamId } = this.scope(caller, month, siteId, ROLES_AT_LEAST_MANAGER);
    if (siteId === undefined && caller.sites !== 'all') {
      throw new ProblemException('FORBIDDEN', 'publishing the whole company’s report needs access to every site; name a siteId');
    }
    return this.commands.execute(new PublishMonthlyReportMessage(month, { sites, siteId: scopeSite, streamId: streamId! }, request));
  }

  private async published(streamId: string): Promise<MonthlyReport | undefined> {
    const [event] = await this.store.readStream(streamId);
    if (!event || event.type !== 'MonthlyReportPublished') return undefined;
    const { report } = (event as unknown as MonthlyReportPublished).data;
    return { ...(report as unknown as MonthlyReport), status: 'published', publishedAt: new Date(event.recordedAt).toISOString() };
  }
}
