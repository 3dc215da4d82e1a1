import { Controller, Get, Param, Query, UseInterceptors } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiHeader, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { CurrentCaller, validationProblem, type Caller } from '@casebook/platform';
import { isInstant } from '../http/instant.validator';
import { MinPositionInterceptor } from '../http/min-position.interceptor';
import { GetCaseHistoryQuery } from './queries/get-case-history.query';
import { GetCaseQuery } from './queries/get-case.query';
import { ListCasesQuery } from './queries/list-cases.query';
import { ListCasesParams } from './queries/list-cases.params';

@ApiTags('case queries')
@ApiBearerAuth()
@Controller('cases')
export class CaseQueriesController {
  constructor(private readonly bus: QueryBus) {}

  @Get()
  @UseInterceptors(MinPositionInterceptor)
  @ApiHeader({ name: 'Casebook-Min-Position', required: false, description: 'wait (≤ 5 s) until the list includes this position' })
  @ApiOperation({ summary: 'List cases, newest first, with filters and cursor paging' })
  list(@CurrentCaller() caller: Caller, @Query() params: ListCasesParams) {
    return this.bus.execute(new ListCasesQuery(caller, params));
  }

  @Get('by-number/:caseNumber')
  @UseInterceptors(MinPositionInterceptor)
  @ApiOperation({ summary: 'One case by its case number' })
  byNumber(@CurrentCaller() caller: Caller, @Param('caseNumber') caseNumber: string) {
    return this.bus.execute(new GetCaseQuery(caller, { caseNumber }));
  }

  @Get(':id')
  @UseInterceptors(MinPositionInterceptor)
  @ApiQuery({ name: 'asOf', required: false, description: 'rebuild the case from its events as of this instant' })
  @ApiOperation({ summary: 'One case (CaseDetail); with asOf, as it stood then' })
  get(@CurrentCaller() caller: Caller, @Param('id') caseId: string, @Query('asOf') asOf?: string) {
    if (asOf !== undefined && !isInstant(asOf)) throw validationProblem([{ path: 'asOf', message: 'must be an ISO-8601 instant' }]);
    return this.bus.execute(new GetCaseQuery(caller, { caseId, asOf }));
  }

  @Get(':id/history')
  @ApiOperation({ summary: 'Every event of the case, in order, with metadata (read from the event store)' })
  history(@CurrentCaller() caller: Caller, @Param('id') caseId: string) {
    return this.bus.execute(new GetCaseHistoryQuery(caller, caseId, 'history'));
  }

  @Get(':id/integrity')
  @ApiOperation({ summary: "Recompute the case stream's hash chain; names the first broken link" })
  integrity(@CurrentCaller() caller: Caller, @Param('id') caseId: string) {
    return this.bus.execute(new GetCaseHistoryQuery(caller, caseId, 'integrity'));
  }
}
