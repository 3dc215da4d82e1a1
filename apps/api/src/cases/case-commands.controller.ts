import { Body, Controller, HttpCode, Param, Post, UseGuards } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiHeader, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import {
  AssignResponsibilityCommand,
  CloseCaseCommand,
  type CommandRequest,
  type CommandResult,
  CompleteRectificationCommand,
  DecideExtensionCommand,
  DecideSettlementCommand,
  ErasePersonalDataCommand,
  EscalateCaseCommand,
  IssueNoticeCommand,
  LogComplaintCommand,
  PauseClockCommand,
  ProposeSettlementCommand,
  RecordCustomerResponseCommand,
  RecordReplyCommand,
  RecordReturnVisitCommand,
  RecordShirkingCommand,
  ReopenCaseCommand,
  ReportInvestigationCommand,
  RequestExtensionCommand,
  RequestReworkCommand,
  ResolveOnTheSpotCommand,
  ResumeClockCommand,
  UrgeCaseCommand,
  ValidateComplaintCommand,
} from '@casebook/application';
import { CLOCKS, type ClockName } from '@casebook/domain';
import { CaseCommandGuard } from '../http/case-command.guard';
import { CommandRequestOf } from '../http/command-request.decorator';
import { AssignResponsibilityDto } from './commands/assign-responsibility/assign-responsibility.dto';
import { CloseCaseDto } from './commands/close-case/close-case.dto';
import { CompleteRectificationDto } from './commands/complete-rectification/complete-rectification.dto';
import { DecideExtensionDto } from './commands/decide-extension/decide-extension.dto';
import { DecideSettlementDto } from './commands/decide-settlement/decide-settlement.dto';
import { ErasePersonalDataDto } from './commands/erase-personal-data/erase-personal-data.dto';
import { EscalateCaseDto } from './commands/escalate-case/escalate-case.dto';
import { IssueNoticeDto } from './commands/issue-notice/issue-notice.dto';
import { LogComplaintDto } from './commands/log-complaint/log-complaint.dto';
import { PauseClockDto } from './commands/pause-clock/pause-clock.dto';
import { ProposeSettlementDto } from './commands/propose-settlement/propose-settlement.dto';
import { RecordCustomerResponseDto } from './commands/record-customer-response/record-customer-response.dto';
import { RecordReplyDto } from './commands/record-reply/record-reply.dto';
import { RecordReturnVisitDto } from './commands/record-return-visit/record-return-visit.dto';
import { RecordShirkingDto } from './commands/record-shirking/record-shirking.dto';
import { ReopenCaseDto } from './commands/reopen-case/reopen-case.dto';
import { ReportInvestigationDto } from './commands/report-investigation/report-investigation.dto';
import { RequestExtensionDto } from './commands/request-extension/request-extension.dto';
import { RequestReworkDto } from './commands/request-rework/request-rework.dto';
import { ResolveOnTheSpotDto } from './commands/resolve-on-the-spot/resolve-on-the-spot.dto';
import { ResumeClockDto } from './commands/resume-clock/resume-clock.dto';
import { UrgeCaseDto } from './commands/urge-case/urge-case.dto';
import { ValidateComplaintDto } from './commands/validate-complaint/validate-complaint.dto';

const CLOCK_PARAM = {
  name: 'clock',
  enum: CLOCKS,
  description: 'an unknown name is 404; only investigation, rectification and resolution are paused or extended (others 409 PRECONDITION_NOT_MET)',
};

/**
 * The case commands of API.md. Each route hands its command to the CommandBus; the handler
 * sits beside the command in `commands/<name>/`.
 */
@ApiTags('case commands')
@ApiBearerAuth()
@ApiHeader({ name: 'Idempotency-Key', required: false, description: '1–128 characters; a repeat returns the first response' })
@Controller('cases')
@UseGuards(CaseCommandGuard)
export class CaseCommandsController {
  constructor(private readonly bus: CommandBus) {}

  @Post()
  @ApiOperation({ summary: 'LogComplaint: log a new case (201 with its case number)' })
  log(@Body() body: LogComplaintDto, @CommandRequestOf() request: CommandRequest): Promise<CommandResult> {
    return this.bus.execute(new LogComplaintCommand(body, request));
  }

  @Post(':id/replies')
  @HttpCode(200)
  @ApiOperation({ summary: 'RecordReply' })
  @ApiHeader({ name: 'If-Match', required: false, description: 'the case version you decided on: "<version>"' })
  reply(@Param('id') id: string, @Body() body: RecordReplyDto, @CommandRequestOf() request: CommandRequest) {
    return this.bus.execute(new RecordReplyCommand(id, body, request));
  }

  @Post(':id/resolve-on-spot')
  @HttpCode(200)
  @ApiOperation({ summary: 'ResolveOnTheSpot' })
  resolveOnSpot(@Param('id') id: string, @Body() body: ResolveOnTheSpotDto, @CommandRequestOf() request: CommandRequest) {
    return this.bus.execute(new ResolveOnTheSpotCommand(id, body, request));
  }

  @Post(':id/validation')
  @HttpCode(200)
  @ApiOperation({ summary: 'ValidateComplaint' })
  validate(@Param('id') id: string, @Body() body: ValidateComplaintDto, @CommandRequestOf() request: CommandRequest) {
    return this.bus.execute(new ValidateComplaintCommand(id, body, request));
  }

  @Post(':id/assignment')
  @HttpCode(200)
  @ApiOperation({ summary: 'AssignResponsibility' })
  assign(@Param('id') id: string, @Body() body: AssignResponsibilityDto, @CommandRequestOf() request: CommandRequest) {
    return this.bus.execute(new AssignResponsibilityCommand(id, body, request));
  }

  @Post(':id/escalations')
  @HttpCode(200)
  @ApiOperation({ summary: 'EscalateCase' })
  escalate(@Param('id') id: string, @Body() body: EscalateCaseDto, @CommandRequestOf() request: CommandRequest) {
    return this.bus.execute(new EscalateCaseCommand(id, body, request));
  }

  @Post(':id/investigation')
  @HttpCode(200)
  @ApiOperation({ summary: 'ReportInvestigation' })
  investigate(@Param('id') id: string, @Body() body: ReportInvestigationDto, @CommandRequestOf() request: CommandRequest) {
    return this.bus.execute(new ReportInvestigationCommand(id, body, request));
  }

  @Post(':id/rectification')
  @HttpCode(200)
  @ApiOperation({ summary: 'CompleteRectification' })
  rectify(@Param('id') id: string, @Body() body: CompleteRectificationDto, @CommandRequestOf() request: CommandRequest) {
    return this.bus.execute(new CompleteRectificationCommand(id, body, request));
  }

  @Post(':id/settlement')
  @HttpCode(200)
  @ApiOperation({ summary: 'ProposeSettlement' })
  proposeSettlement(@Param('id') id: string, @Body() body: ProposeSettlementDto, @CommandRequestOf() request: CommandRequest) {
    return this.bus.execute(new ProposeSettlementCommand(id, body, request));
  }

  @Post(':id/settlement/decision')
  @HttpCode(200)
  @ApiOperation({ summary: 'DecideSettlement (approval authority, PRODUCT.md §6)' })
  decideSettlement(@Param('id') id: string, @Body() body: DecideSettlementDto, @CommandRequestOf() request: CommandRequest) {
    return this.bus.execute(new DecideSettlementCommand(id, body, request));
  }

  @Post(':id/settlement/customer-response')
  @HttpCode(200)
  @ApiOperation({ summary: 'RecordCustomerResponse' })
  customerResponse(
    @Param('id') id: string,
    @Body() body: RecordCustomerResponseDto,
    @CommandRequestOf() request: CommandRequest,
  ) {
    return this.bus.execute(new RecordCustomerResponseCommand(id, body, request));
  }

  @Post(':id/return-visits')
  @HttpCode(200)
  @ApiOperation({ summary: 'RecordReturnVisit' })
  returnVisit(@Param('id') id: string, @Body() body: RecordReturnVisitDto, @CommandRequestOf() request: CommandRequest) {
    return this.bus.execute(new RecordReturnVisitCommand(id, body, request));
  }

  @Post(':id/close')
  @HttpCode(200)
  @ApiOperation({
    summary: 'CloseCase (409 PRECONDITION_NOT_MET names what is missing)',
    description: `Supervisor and above. A complaint whose last return visit is unsatisfied or very_unsatisfied does not
close (409 PRECONDITION_NOT_MET, missing rework_or_dissatisfaction_accepted) until a supervisor requests rework or a manager
and above closes it with dissatisfactionAccepted { reason }, which CaseClosed records. dissatisfactionAccepted
when the last visit is not dissatisfied is 400; from a supervisor 403 FORBIDDEN (PRODUCT.md §13).`,
  })
  close(@Param('id') id: string, @Body() body: CloseCaseDto, @CommandRequestOf() request: CommandRequest) {
    return this.bus.execute(new CloseCaseCommand(id, body, request));
  }

  @Post(':id/rework')
  @HttpCode(200)
  @ApiOperation({
    summary: 'RequestRework (复核): send a complaint back to work after a dissatisfied return visit',
    description: `Supervisor and above; a rectified or resolved-on-the-spot complaint whose last return visit is
unsatisfied or very_unsatisfied (else 409 PRECONDITION_NOT_MET). ReworkRequested: the case goes back to
in_progress with its assignment and a new rectification clock starts from the request (major 1, general 3
working days: the policy's reworkWorkingDays); without an assignment (resolved on the spot) the clock starts at
the next AssignResponsibility. Rectification and return visit are then needed again before closing.`,
  })
  rework(@Param('id') id: string, @Body() body: RequestReworkDto, @CommandRequestOf() request: CommandRequest) {
    return this.bus.execute(new RequestReworkCommand(id, body, request));
  }

  @Post(':id/clocks/:clock/pause')
  @HttpCode(200)
  @ApiParam(CLOCK_PARAM)
  @ApiOperation({
    summary: 'PauseClock (挂起): the clock waits on something outside the centre’s control',
    description: `Supervisor and above. A running, unpaused investigation, rectification or resolution clock that is
not past due; 409 PRECONDITION_NOT_MET for another clock, one not running, already paused or whose pause
allowance (the policy's maxPauseDays, 10 days in all) is used up. resumeAt (optional) must be in the future
(400); ClockPaused records it cut to the remaining allowance, or the allowance's end when absent: the clock
resumes by itself then (ClockResumed by system within 60 s). A paused clock is never breached.`,
  })
  pause(@Param('id') id: string, @Param('clock') clock: ClockName, @Body() body: PauseClockDto, @CommandRequestOf() request: CommandRequest) {
    return this.bus.execute(new PauseClockCommand(id, { ...body, clock }, request));
  }

  @Post(':id/clocks/:clock/resume')
  @HttpCode(200)
  @ApiParam(CLOCK_PARAM)
  @ApiOperation({
    summary: 'ResumeClock: a paused clock runs again, its due time moved by the time paused',
    description: `Any staff member. 409 PRECONDITION_NOT_MET when the clock is not paused. ClockResumed carries pausedMs
(measured to the pause's resumeAt at the latest) and the new dueAt = previousDueAt + pausedMs.`,
  })
  resume(@Param('id') id: string, @Param('clock') clock: ClockName, @Body() body: ResumeClockDto, @CommandRequestOf() request: CommandRequest) {
    return this.bus.execute(new ResumeClockCommand(id, { ...body, clock }, request));
  }

  @Post(':id/clocks/:clock/extension')
  @HttpCode(200)
  @ApiParam(CLOCK_PARAM)
  @ApiOperation({
    summary: 'RequestExtension (延期): ask for a later due time',
    description: `The case's assignee or a supervisor and above (others 403 FORBIDDEN). dueAt not later than the clock's
current due time is 400. 409 PRECONDITION_NOT_MET for a clock other than investigation, rectification or
resolution, one not running, paused, with a request pending, or extended the most times allowed (the policy's
extension.maxPerClock, 2). The clock keeps running, and can be breached, while the request is pending.`,
  })
  requestExtension(
    @Param('id') id: string,
    @Param('clock') clock: ClockName,
    @Body() body: RequestExtensionDto,
    @CommandRequestOf() request: CommandRequest,
  ) {
    return this.bus.execute(new RequestExtensionCommand(id, { ...body, clock }, request));
  }

  @Post(':id/clocks/:clock/extension/decision')
  @HttpCode(200)
  @ApiParam(CLOCK_PARAM)
  @ApiOperation({
    summary: 'DecideExtension: approve (moves dueAt) or reject the pending extension request',
    description: `Supervisor and above; 409 INVALID_STATE_TRANSITION without a pending request. A supervisor approves a due
time up to the policy's extension.supervisorMaxWorkingDays (3) working days beyond the clock's due time at the
decision, inclusive; beyond it 403 APPROVAL_AUTHORITY_EXCEEDED, and a manager and above approves any. 409
PRECONDITION_NOT_MET when the clock is past due or stopped meanwhile. Either may reject.`,
  })
  decideExtension(
    @Param('id') id: string,
    @Param('clock') clock: ClockName,
    @Body() body: DecideExtensionDto,
    @CommandRequestOf() request: CommandRequest,
  ) {
    return this.bus.execute(new DecideExtensionCommand(id, { ...body, clock }, request));
  }

  @Post(':id/urgings')
  @HttpCode(200)
  @ApiOperation({
    summary: 'UrgeCase (催办): hurry a staff member of an open case',
    description: `Supervisor and above. CaseUrged names staffId if given (400 when the directory does not know it), else
the named clock's accountable staff, else the assignee, else the follow-up owner, and that member's department
now; the monthly report's departments table counts urgings per department.`,
  })
  urge(@Param('id') id: string, @Body() body: UrgeCaseDto, @CommandRequestOf() request: CommandRequest) {
    return this.bus.execute(new UrgeCaseCommand(id, body, request));
  }

  @Post(':id/notices')
  @HttpCode(200)
  @ApiOperation({
    summary: 'IssueNotice (通报): criticise or commend a department about a case',
    description: `Manager and above, in any state of the case. An unknown department or staff member, or a staff member
not of that department, is 400. NoticeIssued is counted per department in the monthly report.`,
  })
  notice(@Param('id') id: string, @Body() body: IssueNoticeDto, @CommandRequestOf() request: CommandRequest) {
    return this.bus.execute(new IssueNoticeCommand(id, body, request));
  }

  @Post(':id/reopen')
  @HttpCode(200)
  @ApiOperation({ summary: 'ReopenCase' })
  reopen(@Param('id') id: string, @Body() body: ReopenCaseDto, @CommandRequestOf() request: CommandRequest) {
    return this.bus.execute(new ReopenCaseCommand(id, body, request));
  }

  @Post(':id/shirking')
  @HttpCode(200)
  @ApiOperation({ summary: 'RecordShirking' })
  shirking(@Param('id') id: string, @Body() body: RecordShirkingDto, @CommandRequestOf() request: CommandRequest) {
    return this.bus.execute(new RecordShirkingCommand(id, body, request));
  }

  @Post(':id/erase-personal-data')
  @HttpCode(200)
  @ApiOperation({ summary: 'ErasePersonalData (auditor or gm): crypto-shreds the complainant' })
  erase(@Param('id') id: string, @Body() body: ErasePersonalDataDto, @CommandRequestOf() request: CommandRequest) {
    return this.bus.execute(new ErasePersonalDataCommand(id, body, request));
  }
}
