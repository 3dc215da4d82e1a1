import { Body, Controller, Get, HttpCode, Param, Post, Query, Req, UseGuards, UseInterceptors } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiHeader, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { CurrentCaller, type Caller } from '@casebook/platform';
import {
  AdjustPenaltyCommand,
  ApprovePenaltyNoticeCommand,
  IssuePenaltyNoticeCommand,
  ObjectToPenaltyCommand,
  RejectPenaltyObjectionCommand,
  WaivePenaltyCommand,
  type CommandRequest,
  type CommandResult,
  type NoticeCommandResult,
  type PenaltyNotice,
} from '@casebook/application';
import { CaseCommandGuard } from '../http/case-command.guard';
import { CommandRequestOf } from '../http/command-request.decorator';
import { MinPositionInterceptor, ServedBy } from '../http/min-position.interceptor';
import { AdjustPenaltyDto, ObjectToPenaltyDto, RejectPenaltyObjectionDto, WaivePenaltyDto } from './penalty-commands.dto';
import { PenaltyLineGuard, type PenaltyLineRequest } from './penalty-line.guard';
import { PenaltyLedgerParams, PenaltySummaryParams } from './queries/penalty-ledger.params';
import { ListPenaltiesQuery, PenaltySummaryQuery } from './queries/penalty-ledger.queries';
import { PenaltyNoticeQuery } from './queries/penalty-notice.query';

const LEDGER_NOTES = `Months are local months (CASEBOOK_TZ): a line counts in the month its PenaltyAssessed
was recorded. Readers: supervisor, manager, deputy_gm, gm, auditor, admin (others 403); another
site's siteId is 404, and without siteId the caller's sites are covered. Points and money are
decimal strings with 2 places; a waived line's effective figures are "0.00".`;

const NOTICE_NOTES = `The penalty notice (奖罚通知单, PRODUCT.md §14) of a month and scope: with siteId, that site's
(stream penalty-notice-{YYYY-MM}-{siteId}); without, the all-sites notice (penalty-notice-{YYYY-MM}),
which needs access to every site (403 otherwise). A site's notice and the all-sites notice of a month
exclude each other. PenaltyNotice = { month, siteId (null: all sites), status (none|issued|approved),
issuedAt?, objectionDeadline? (inclusive: issue time + the penalty policy's objectionWorkingDays working
days), approvedAt?, lines (ledger lines, each with notice and objection? { reason, objectedBy, status
(pending|rejected|adjusted|waived) }), totals { points, amount } (the lines' effective figures as they
stand; PenaltyNoticeIssued keeps those at issue) }. The approver is the penalty policy's noticeApprover
role (default gm) or above.`;

const NOTICE_SCOPE = { name: 'siteId', required: false, description: 'one site’s notice; without it, the all-sites notice' };

/**
 * The penalty ledger, the manager's corrections and the penalty notice (PRODUCT.md §7, §14; API.md
 * "Case commands" and "Management"). Adjusting and waiving are commands on the case that holds the
 * line; the notice's commands are on its own stream.
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
the effective figures, notice { siteId (null: the all-sites notice), status } once a penalty notice
lists it, and objection { reason, objectedBy, status (pending|rejected|adjusted|waived) } once objected to. Filters: staffId (lines targeting that staff member), departmentId (the
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
include its staff's lines (by department when recorded). Both lists are sorted by id. noticeStatus
(none|issued|approved): how far the penalty notices covering the month's lines in the scope have come —
the all-sites notice's status once issued, else the least advanced of the notices of the sites covered
that have lines in the month or a notice (a site without its notice counts none).`,
  })
  summary(@CurrentCaller() caller: Caller, @Query() params: PenaltySummaryParams) {
    return this.queries.execute(new PenaltySummaryQuery(caller, params));
  }

  @Get('notices/:month')
  @UseInterceptors(MinPositionInterceptor)
  @ServedBy('penalties')
  @ApiHeader({ name: 'Casebook-Min-Position', required: false, description: 'wait (≤ 5 s) until the ledger includes this position' })
  @ApiQuery(NOTICE_SCOPE)
  @ApiOperation({
    summary: 'A month’s penalty notice: status none (no lines) before it is issued',
    description: `${NOTICE_NOTES}
Readers as the ledger's. The notice's status and times are read from its stream (always current), its
lines from the ledger. Refusals: 404 another site's siteId, 400 a bad month, 403 the role or the
all-sites notice without every site.`,
  })
  notice(@CurrentCaller() caller: Caller, @Param('month') month: string, @Query('siteId') siteId?: string): Promise<PenaltyNotice> {
    return this.queries.execute(new PenaltyNoticeQuery(caller, month, siteId));
  }

  @Post('notices/:month')
  @UseGuards(CaseCommandGuard)
  @ApiQuery(NOTICE_SCOPE)
  @ApiOperation({
    summary: 'IssuePenaltyNotice (manager and above): the month’s lines of the scope, open to objections → 201 PenaltyNotice',
    description: `${NOTICE_NOTES}
Lists the month's ledger lines of the scope with their effective figures and totals (PenaltyNoticeIssued).
Refusals, in order: 403 UNKNOWN_STAFF; 404 a site the caller may not act on (or no such site); 400 a bad
month; 403 below manager, or the all-sites notice without every site; 409 INVALID_STATE_TRANSITION when
issued already; 409 PRECONDITION_NOT_MET while the month runs (local time) or when the other scope's
notice of the month is issued; 503 UNAVAILABLE when the ledger cannot catch up with the store.`,
  })
  issueNotice(@Param('month') month: string, @CommandRequestOf() request: CommandRequest, @Query('siteId') siteId?: string): Promise<PenaltyNotice> {
    return this.commands.execute(new IssuePenaltyNoticeCommand({ month, siteId }, request));
  }

  @Post('notices/:month/approval')
  @HttpCode(200)
  @UseGuards(CaseCommandGuard)
  @ApiQuery(NOTICE_SCOPE)
  @ApiOperation({
    summary: 'ApprovePenaltyNotice (the notice approver): the notice’s lines become final → 200 PenaltyNotice',
    description: `${NOTICE_NOTES}
After approval the notice's lines cannot be adjusted or waived (409 PRECONDITION_NOT_MET). Refusals, in
order: 403 UNKNOWN_STAFF; 404 a site the caller may not act on; 400 a bad month; 403 below the approver
(FORBIDDEN) or the all-sites notice without every site; 409 INVALID_STATE_TRANSITION when not issued or
approved already; 409 PRECONDITION_NOT_MET until the objection deadline has passed, or while an objection
is undecided (neither rejected nor upheld by an adjustment or a waiver of its line).`,
  })
  approveNotice(@Param('month') month: string, @CommandRequestOf() request: CommandRequest, @Query('siteId') siteId?: string): Promise<PenaltyNotice> {
    return this.commands.execute(new ApprovePenaltyNoticeCommand({ month, siteId }, request));
  }

  @Post(':lineId/objection')
  @HttpCode(200)
  @UseGuards(CaseCommandGuard, PenaltyLineGuard)
  @ApiOperation({
    summary: 'ObjectToPenalty (签呈): the charged department objects to a line of an issued notice',
    description: `A supervisor or above of the department the line charges (the department itself, or the staff
member's department when the line was recorded) objects, with a reason, until the notice's
objectionDeadline (inclusive). Answers { month, siteId (null: the all-sites notice), version (the notice
stream's revision), position, events }. Refusals, in order: 403 UNKNOWN_STAFF; 404 an unknown line or one
of another site; 400 no reason; 403 below supervisor; 409 INVALID_STATE_TRANSITION when the month's notice
is not issued or approved already; 403 another department; 409 PRECONDITION_NOT_MET a line not on the
notice, after the deadline, or a second objection to the line.`,
  })
  object(@Param('lineId') lineId: string, @Body() body: ObjectToPenaltyDto, @CommandRequestOf() request: CommandRequest): Promise<NoticeCommandResult> {
    return this.commands.execute(new ObjectToPenaltyCommand(lineId, body, request));
  }

  @Post(':lineId/objection/decision')
  @HttpCode(200)
  @UseGuards(CaseCommandGuard, PenaltyLineGuard)
  @ApiOperation({
    summary: 'RejectPenaltyObjection (the notice approver): decision "reject"; to uphold, adjust or waive the line',
    description: `Answers as the objection does. Refusals, in order: 403 UNKNOWN_STAFF; 404 an unknown line or one
of another site; 400 a decision other than reject; 403 below the approver; 409 INVALID_STATE_TRANSITION
when the notice is not issued or approved already; 409 PRECONDITION_NOT_MET without a pending objection
(none, rejected already, or upheld by an adjustment or a waiver since).`,
  })
  rejectObjection(
    @Param('lineId') lineId: string,
    @Body() body: RejectPenaltyObjectionDto,
    @CommandRequestOf() request: CommandRequest,
  ): Promise<NoticeCommandResult> {
    return this.commands.execute(new RejectPenaltyObjectionCommand(lineId, body, request));
  }

  @Post(':lineId/adjustment')
  @HttpCode(200)
  @UseGuards(CaseCommandGuard, PenaltyLineGuard)
  @ApiOperation({
    summary: 'AdjustPenalty (manager and above): new points for a line, with a reason',
    description: `points is a decimal string, zero or negative, at most 2 places; the amount is points × the
amount per point of the line's policy version. A line may be adjusted again; a waived line is 409
INVALID_STATE_TRANSITION; a line on an approved penalty notice is 409 PRECONDITION_NOT_MET. An
adjustment after an objection to the line upholds it (objection status adjusted). An unknown line, or
a line of a case on another site, is 404; a role below manager is 403. Answers the command response of
the case that holds the line.`,
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
"0.00". Waiving it again is 409 INVALID_STATE_TRANSITION; a line on an approved penalty notice is 409
PRECONDITION_NOT_MET. A waiver after an objection to the line upholds it (objection status waived). An
unknown line, or a line of a case on another site, is 404; a role below manager is 403.`,
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
