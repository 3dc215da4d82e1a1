import { Body, Controller, Get, HttpCode, Param, Post, Query, Req, UseGuards, UseInterceptors } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiHeader, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentCaller, type Caller } from '@casebook/platform';
import { AdjustPenaltyCommand, WaivePenaltyCommand, type CommandRequest, type CommandResult } from '@casebook/application';
import { CaseCommandGuard } from '../http/case-command.guard';
import { CommandRequestOf } from '../http/command-request.decorator';
import { MinPositionInterceptor, ServedBy } from '../http/min-position.interceptor';
import { AdjustPenaltyDto, WaivePenaltyDto } from './penalty-commands.dto';
import { PenaltyLineGuard, type PenaltyLineRequest } from './penalty-line.guard';
import { PenaltyLedgerParams, PenaltySummaryParams } from './queries/penalty-ledger.params';
import { ListPenaltiesQuery, PenaltySummaryQuery } from './queries/penalty-ledger.queries';

const LEDGER_NOTES = `Months are local months (CASEBOOK_TZ): a line counts in the month its PenaltyAssessed
was recorded. Readers: supervisor, manager, deputy_gm, gm, auditor, admin (others 403); another
site's siteId is 404, and without siteId the caller's sites are covered. Points and money are
decimal strings with 2 places; a waived line's effective figures are "0.00".`;

/**
 * The penalty ledger and the manager's corrections (PRODUCT.md §7; API.md "Case commands" and
 * "Management"). Adjusting and waiving are commands on the case that holds the line.
 */
@ApiTags('penalties')
@ApiBearerAuth()
@Controller('penalties')
export class PenaltiesController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Get()
  @UseInterceptors(MinPositionInterceptor)
  @ServedBy('penalties')
  @ApiHeader({ name: 'Casebook-Min-Position', required: false, description: 'wait (≤ 5 s) until the ledger includes this position' })
  @ApiOperation({
    summary: 'The penalty ledger of a month: lines in the order recorded, cursor paging (default limit 50, 1–200)',
    description: `${LEDGER_NOTES}
Each line shows its original points and amount, adjustedPoints/adjustedAmount once adjusted, waived,
and the effective figures. Filters: staffId (lines targeting that staff member), departmentId (the
department's own lines plus its staff's lines, by the department the staff member belonged to when
the line was recorded), siteId.`,
  })
  list(@CurrentCaller() caller: Caller, @Query() params: PenaltyLedgerParams) {
    return this.queries.execute(new ListPenaltiesQuery(caller, params));
  }

  @Get('summary')
  @UseInterceptors(MinPositionInterceptor)
  @ServedBy('penalties')
  @ApiHeader({ name: 'Casebook-Min-Position', required: false, description: 'wait (≤ 5 s) until the ledger includes this position' })
  @ApiOperation({
    summary: 'Effective penalty totals of a month per staff member and per department',
    description: `${LEDGER_NOTES}
Totals use the effective figures (adjusted when adjusted, 0.00 when waived). A department's totals
include its staff's lines (by department when recorded). Both lists are sorted by id.`,
  })
  summary(@CurrentCaller() caller: Caller, @Query() params: PenaltySummaryParams) {
    return this.queries.execute(new PenaltySummaryQuery(caller, params));
  }

  @Post(':lineId/adjustment')
  @HttpCode(200)
  @UseGuards(CaseCommandGuard, PenaltyLineGuard)
  @ApiOperation({
    summary: 'AdjustPenalty (manager and above): new points for a line, with a reason',
    description: `points is a decimal string, zero or negative, at most 2 places; the amount is points × the
amount per point of the line's policy version. A line may be adjusted again; a waived line is 409
INVALID_STATE_TRANSITION. An unknown line, or a line of a case on another site, is 404; a role below
manager is 403. Answers the command response of the case that holds the line.`,
  })
  adjust(
    @Param('lineId') lineId: string,
    @Req() req: PenaltyLineRequest,
    @Body() body: AdjustPenaltyDto,
    @CommandRequestOf() request: CommandRequest,
  ): Promise<CommandResult> {
    return this.commands.execute(new AdjustPenaltyCommand(lineId, req.penaltyCaseId!, body, request));
  }

  @Post(':lineId/waiver')
  @HttpCode(200)
  @UseGuards(CaseCommandGuard, PenaltyLineGuard)
  @ApiOperation({
    summary: 'WaivePenalty (manager and above): the line counts 0.00 from now on, with a reason',
    description: `A waived line keeps its original (and adjusted) figures in the ledger; its effective figures are
"0.00". Waiving it again is 409 INVALID_STATE_TRANSITION. An unknown line, or a line of a case on
another site, is 404; a role below manager is 403.`,
  })
  waive(
    @Param('lineId') lineId: string,
    @Req() req: PenaltyLineRequest,
    @Body() body: WaivePenaltyDto,
    @CommandRequestOf() request: CommandRequest,
  ): Promise<CommandResult> {
    return this.commands.execute(new WaivePenaltyCommand(lineId, req.penaltyCaseId!, body, request));
  }
}
