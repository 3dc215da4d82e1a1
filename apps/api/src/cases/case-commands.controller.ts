import { Body, Controller, HttpCode, Param, Post, UseGuards } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiHeader, ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  AssignResponsibilityCommand,
  CloseCaseCommand,
  type CommandRequest,
  type CommandResult,
  CompleteRectificationCommand,
  DecideSettlementCommand,
  ErasePersonalDataCommand,
  EscalateCaseCommand,
  LogComplaintCommand,
  ProposeSettlementCommand,
  RecordCustomerResponseCommand,
  RecordReplyCommand,
  RecordReturnVisitCommand,
  RecordShirkingCommand,
  ReopenCaseCommand,
  ReportInvestigationCommand,
  ResolveOnTheSpotCommand,
  ValidateComplaintCommand,
} from '@casebook/application';
import { CaseCommandGuard } from '../http/case-command.guard';
import { CommandRequestOf } from '../http/command-request.decorator';
import { AssignResponsibilityDto } from './commands/assign-responsibility/assign-responsibility.dto';
import { CloseCaseDto } from './commands/close-case/close-case.dto';
import { CompleteRectificationDto } from './commands/complete-rectification/complete-rectification.dto';
import { DecideSettlementDto } from './commands/decide-settlement/decide-settlement.dto';
import { ErasePersonalDataDto } from './commands/erase-personal-data/erase-personal-data.dto';
import { EscalateCaseDto } from './commands/escalate-case/escalate-case.dto';
import { LogComplaintDto } from './commands/log-complaint/log-complaint.dto';
import { ProposeSettlementDto } from './commands/propose-settlement/propose-settlement.dto';
import { RecordCustomerResponseDto } from './commands/record-customer-response/record-customer-response.dto';
import { RecordReplyDto } from './commands/record-reply/record-reply.dto';
import { RecordReturnVisitDto } from './commands/record-return-visit/record-return-visit.dto';
import { RecordShirkingDto } from './commands/record-shirking/record-shirking.dto';
import { ReopenCaseDto } from './commands/reopen-case/reopen-case.dto';
import { ReportInvestigationDto } from './commands/report-investigation/report-investigation.dto';
import { ResolveOnTheSpotDto } from './commands/resolve-on-the-spot/resolve-on-the-spot.dto';
import { ValidateComplaintDto } from './commands/validate-complaint/validate-complaint.dto';

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
  @ApiOperation({ summary: 'CloseCase (409 PRECONDITION_NOT_MET names what is missing)' })
  close(@Param('id') id: string, @Body() body: CloseCaseDto, @CommandRequestOf() request: CommandRequest) {
    return this.bus.execute(new CloseCaseCommand(id, body, request));
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
