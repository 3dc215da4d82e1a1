import { Controller, Get, Param, Post, Query, StreamableFile, UseInterceptors } from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { CommandRequest } from '@casebook/application';
import { CurrentCaller, validationProblem, type Caller } from '@casebook/platform';
import { CommandRequestOf } from '../http/command-request.decorator';
import { MinPositionInterceptor, ServedBy } from '../http/min-position.interceptor';
import { toCsv, toXlsx, type ExportLang } from './monthly-report.export';
import { MonthlyReportService } from './monthly-report.service';

const NOTES = `Months are local months (CASEBOOK_TZ). Readers: supervisor, manager, deputy_gm, gm, auditor, admin
(others 403); another site's siteId is 404. Without siteId: the whole company for a caller who sees every
site, the one site of a caller limited to one, else a live report over the caller's sites. The report is
computed from the report facts and the penalty ledger (projections), live until published; once published
GET answers the frozen MonthlyReportPublished version with publishedAt. Counts are integers, rates percent
strings with 2 places (null when the denominator is 0), money and points decimal strings with 2 places,
weights with 4. staffPenalties[].lines is the number of ledger lines (the lines themselves: GET /penalties);
its departmentId is the department of the staff member's latest line of the month. summary.closed is broken
down by outcome: validClosed, invalidClosed, resolvedOnSpot, answered, completed. noticeStatus (none|issued|
approved) is the month's penalty notice as GET /penalties/summary counts it: the penalty figures are final
once approved; a published report keeps the status it had when published.`;

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const FILE = /^(\d{4}-(?:0[1-9]|1[0-2]))(?:\.(csv|xlsx))?$/;

function parseLang(lang: string | undefined): ExportLang {
  if (lang === undefined || lang === 'en') return 'en';
  if (lang === 'zh-CN') return 'zh-CN';
  throw validationProblem([{ path: 'lang', message: 'lang must be en or zh-CN' }]);
}

/** The monthly statistics report (PRODUCT.md §8; API.md "Management"). */
@ApiTags('reports')
@ApiBearerAuth()
@Controller('reports/monthly')
export class ReportsController {
  constructor(private readonly reports: MonthlyReportService) {}

  @Get(':file')
  @UseInterceptors(MinPositionInterceptor)
  @ServedBy('reports', 'penalties')
  @ApiHeader({ name: 'Casebook-Min-Position', required: false, description: 'wait (≤ 5 s) until the report includes this position' })
  @ApiQuery({ name: 'siteId', required: false })
  @ApiQuery({ name: 'lang', required: false, enum: ['en', 'zh-CN'] })
  @ApiOperation({
    summary: 'GET /reports/monthly/{YYYY-MM} (JSON), {YYYY-MM}.csv or {YYYY-MM}.xlsx',
    description: `${NOTES}
Exports: .csv is the departments table (客诉案件统计表) with its totals row, UTF-8 with a BOM, CRLF; .xlsx
has a departments sheet and a summary sheet. Both carry the notice status (the table's last column, a
summary row). lang=zh-CN gives Chinese column headers and department names, and a summary sheet in
Chinese throughout (SLA clocks, categories, channels, statuses).`,
  })
  async get(@CurrentCaller() caller: Caller, @Param('file') file: string, @Query('siteId') siteId?: string, @Query('lang') lang?: string) {
    const match = FILE.exec(file);
    if (!match) throw validationProblem([{ path: 'month', message: 'month must be a month as YYYY-MM (optionally .csv or .xlsx)' }]);
    const [, month, format] = match;
    const report = await this.reports.get(caller, month, siteId);
    const language = parseLang(lang);
    if (format === undefined) return report;
    const name = `report-${month}${report.siteId ? `-${report.siteId}` : ''}.${format}`;
    const body = format === 'csv' ? toCsv(report, language) : await toXlsx(report, language);
    return new StreamableFile(body, {
      type: format === 'csv' ? 'text/csv; charset=utf-8' : XLSX,
      disposition: `attachment; filename="${name}"`,
    });
  }

  @Post(':month/publish')
  @ApiQuery({ name: 'siteId', required: false })
  @ApiOperation({
    summary: 'Publish a month (manager and above): freezes the report as MonthlyReportPublished',
    description: `201 with the published report. 409 PRECONDITION_NOT_MET while the month has not ended (local time,
by the service's clock) or when it is already published. Without siteId the whole company's report is
published, which needs access to every site (403 otherwise); with siteId, that site's (stream
report-{YYYY-MM}-{siteId}). The figures frozen are those of every event recorded before the publish.`,
  })
  publish(
    @CurrentCaller() caller: Caller,
    @CommandRequestOf() request: CommandRequest,
    @Param('month') month: string,
    @Query('siteId') siteId?: string,
  ) {
    return this.reports.publish(caller, month, siteId, request);
  }
}
