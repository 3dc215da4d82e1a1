import { Inject, Injectable } from '@nestjs/common';
import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { DataSource } from 'typeorm';
import type { Role } from '@casebook/domain';
import { CLOCK, CONFIG, requireRole, validationProblem, visibleSites, type Caller, type CasebookConfig, type Clock } from '@casebook/platform';
import { DashboardQueries, defaultTrendDates, trendRange } from '@casebook/projections/dashboard/dashboard.queries';
import type { DashboardParams, DepartmentsParams, TrendParams } from './dashboard.params';

/**
 * Who reads the dashboards: the management line from supervisor up, the auditor and the
 * admin (as the penalty ledger). Agents, handlers, quality and integrations get 403.
 */
export const DASHBOARD_READERS: readonly Role[] = ['supervisor', 'manager', 'deputy_gm', 'gm', 'auditor', 'admin'];

export class DashboardOverviewQuery {
  constructor(
    readonly caller: Caller,
    readonly params: DashboardParams,
  ) {}
}

export class DashboardDepartmentsQuery {
  constructor(
    readonly caller: Caller,
    readonly params: DepartmentsParams,
  ) {}
}

export class DashboardTrendsQuery {
  constructor(
    readonly caller: Caller,
    readonly params: TrendParams,
  ) {}
}

/** The API's order: 404 for another site's id, 400 for a bad parameter (`check`), then 403 for the role. */
function scope<T>(caller: Caller, siteId: string | undefined, check: () => T) {
  const sites = visibleSites(caller, siteId);
  const checked = check();
  requireRole(caller, DASHBOARD_READERS);
  return { sites, checked };
}

@Injectable()
abstract class DashboardHandler {
  protected readonly dashboards: DashboardQueries;

  constructor(
    db: DataSource,
    @Inject(CLOCK) protected readonly clock: Clock,
    @Inject(CONFIG) protected readonly config: CasebookConfig,
  ) {
    this.dashboards = new DashboardQueries(db);
  }
}

@QueryHandler(DashboardOverviewQuery)
export class DashboardOverviewHandler extends DashboardHandler implements IQueryHandler<DashboardOverviewQuery> {
  execute({ caller, params }: DashboardOverviewQuery) {
    const { sites } = scope(caller, params.siteId, () => undefined);
    return this.dashboards.overview(sites, this.clock.now(), this.config.timeZone);
  }
}

@QueryHandler(DashboardDepartmentsQuery)
export class DashboardDepartmentsHandler extends DashboardHandler implements IQueryHandler<DashboardDepartmentsQuery> {
  execute({ caller, params }: DashboardDepartmentsQuery) {
    const { sites } = scope(caller, params.siteId, () => undefined);
    return this.dashboards.departments(sites, this.clock.now(), this.config.timeZone, params.lang ?? 'en');
  }
}

@QueryHandler(DashboardTrendsQuery)
export class DashboardTrendsHandler extends DashboardHandler implements IQueryHandler<DashboardTrendsQuery> {
  execute({ caller, params: p }: DashboardTrendsQuery) {
    const granularity = p.granularity ?? 'day';
    const zone = this.config.timeZone;
    const { sites, checked: range } = scope(caller, p.siteId, () => {
      const dates = defaultTrendDates(this.clock.now(), granularity, zone, p.from, p.to);
      const range = trendRange(dates.from, dates.to, granularity, zone);
      if ('message' in range) throw validationProblem([{ path: range.path, message: range.message }]);
      return range;
    });
    return this.dashboards.trends(sites, p.metric, granularity, range);
  }
}
