import { Controller, Get, Query, UseInterceptors } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiHeader, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentCaller, type Caller } from '@casebook/platform';
import { MinPositionInterceptor, ServedBy } from '../http/min-position.interceptor';
import { DashboardParams, DepartmentsParams, TrendParams } from './dashboard.params';
import { DashboardDepartmentsQuery, DashboardOverviewQuery, DashboardTrendsQuery } from './dashboard.queries';

const NOTES = `Readers: supervisor, manager, deputy_gm, gm, auditor, admin (others 403); another site's siteId
is 404, and without siteId the caller's sites are covered. Days are local days (CASEBOOK_TZ, default
Asia/Shanghai) of the service clock: "today" is since local midnight, "7d"/"30d" are today and the
6/29 local days before it. Rates are percent strings with 2 places, null without a denominator;
hours are decimal strings with 2 places, null without a case. Computed from read models only.`;

const MIN_POSITION = { name: 'Casebook-Min-Position', required: false, description: 'wait (≤ 5 s) until the dashboard includes this position' };

/** The management dashboards (API.md "Management"; PRODUCT.md §4, §5, §8). */
@ApiTags('dashboard')
@ApiBearerAuth()
@Controller('dashboard')
@UseInterceptors(MinPositionInterceptor)
@ServedBy('cases', 'reports')
export class DashboardController {
  constructor(private readonly queries: QueryBus) {}

  @Get('overview')
  @ApiHeader(MIN_POSITION)
  @ApiOperation({
    summary: 'Open cases by status, overdue, at-risk and paused clocks, pending extensions, escalations, intake, 30-day rates, top categories, last month’s report',
    description: `${NOTES}
openByStatus: cases not closed, by status. overdueByClock: SLA clocks not stopped (running, or breached and
still open) and not paused whose due time has passed, by clock (the case list's "overdue"). atRiskByClock:
running, unpaused clocks warned (SlaAtRisk, 80% of their time passed) for their due time and not yet due, by
clock. pausedClocks: clocks paused now. pendingExtensions: extension requests awaiting a decision. escalated: open cases with
escalationLevel other than none. received: cases by receivedAt. firstReplyCompliance30d: first_reply
clocks due on the window's days (today included, whole) that have an outcome, met / (met + breached),
as the monthly report counts clocks by due day: a clock met early and due later today counts today. avgHoursToClose30d: closedAt − receivedAt over the
CaseClosed events in the window. satisfactionRate30d: return visits in the window rated very_satisfied or
satisfied / all. topCategories: the 5 categories with most cases received in the last 30 days (ties by
code). previousMonth: the previous local month's report: published when the company-wide report (or,
for a site scope, that site's report) is published, else due up to the 10th of this month inclusive,
overdue after.`,
  })
  overview(@CurrentCaller() caller: Caller, @Query() params: DashboardParams) {
    return this.queries.execute(new DashboardOverviewQuery(caller, params));
  }

  @Get('departments')
  @ServedBy('cases', 'penalties')
  @ApiHeader(MIN_POSITION)
  @ApiOperation({
    summary: 'Per department: open and overdue cases, breaches, rectification time, penalty points this month',
    description: `${NOTES}
One row per department of the directory, sorted by id, with departmentName and departmentNameZh (null
when the directory has none); lang=zh-CN shows the Chinese name as departmentName where there is one
(lang en or zh-CN, default en; anything else 400). open: cases not closed whose current assignment
is the department; overdue: those of them with an overdue clock. breached30d: SlaBreached events in the
last 30 days on cases currently assigned to the department. avgHoursToRectify: over the rectifications
completed (completedAt) in the last 30 days while the case was assigned to the department, completedAt −
the case's receivedAt (as the rectification time limit counts from receipt; a rectification may be
reported after the fact, with a completedAt before its assignment), 2 places. penaltyPointsThisMonth: the department's
effective penalty points of the current local month (its own lines and its staff's, PRODUCT.md §7).`,
  })
  departments(@CurrentCaller() caller: Caller, @Query() params: DepartmentsParams) {
    return this.queries.execute(new DashboardDepartmentsQuery(caller, params));
  }

  @Get('trends')
  @ServedBy('reports')
  @ApiHeader(MIN_POSITION)
  @ApiOperation({
    summary: 'A metric per local day, ISO week or month, every period present (zeros included)',
    description: `${NOTES}
metric: received (cases by receivedAt), closed (CaseClosed events, a case closed twice counts twice),
breached (SlaBreached events). granularity: day (period "YYYY-MM-DD"), week (ISO week, Monday first;
period = the Monday's date "YYYY-MM-DD"), month (period "YYYY-MM"); default day. from/to: local dates
(YYYY-MM-DD), inclusive; the answer covers the periods holding from through to. Defaults: to = today,
from = 29 days / 11 weeks / 11 months before to. At most 400 periods; from after to, a date that does
not exist or a longer range is 400 VALIDATION_FAILED.`,
  })
  trends(@CurrentCaller() caller: Caller, @Query() params: TrendParams) {
    return this.queries.execute(new DashboardTrendsQuery(caller, params));
  }
}
