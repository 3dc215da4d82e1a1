import { Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { KnownSites } from '../directory/known-sites';
import { CaseCommandGuard } from '../http/case-command.guard';
import { MinPositionInterceptor } from '../http/min-position.interceptor';
import { CaseCommandsModule } from './case-commands.module';
import { CaseCommandsController } from './case-commands.controller';
import { CaseQueriesController } from './case-queries.controller';
import { AssignResponsibilityHandler } from './commands/assign-responsibility/assign-responsibility.handler';
import { CloseCaseHandler } from './commands/close-case/close-case.handler';
import { CompleteRectificationHandler } from './commands/complete-rectification/complete-rectification.handler';
import { DecideSettlementHandler } from './commands/decide-settlement/decide-settlement.handler';
import { ErasePersonalDataHandler } from './commands/erase-personal-data/erase-personal-data.handler';
import { EscalateCaseHandler } from './commands/escalate-case/escalate-case.handler';
import { CaseNumberAllocator } from './commands/log-complaint/case-number.allocator';
import { LogComplaintHandler } from './commands/log-complaint/log-complaint.handler';
import { ProposeSettlementHandler } from './commands/propose-settlement/propose-settlement.handler';
import { RecordCustomerResponseHandler } from './commands/record-customer-response/record-customer-response.handler';
import { RecordReplyHandler } from './commands/record-reply/record-reply.handler';
import { RecordReturnVisitHandler } from './commands/record-return-visit/record-return-visit.handler';
import { RecordShirkingHandler } from './commands/record-shirking/record-shirking.handler';
import { ReopenCaseHandler } from './commands/reopen-case/reopen-case.handler';
import { ReportInvestigationHandler } from './commands/report-investigation/report-investigation.handler';
import { ResolveOnTheSpotHandler } from './commands/resolve-on-the-spot/resolve-on-the-spot.handler';
import { ValidateComplaintHandler } from './commands/validate-complaint/validate-complaint.handler';
import { CaseReader } from './queries/case-reader';
import { GetCaseHistoryHandler } from './queries/get-case-history.query';
import { GetCaseHandler } from './queries/get-case.query';
import { ListCasesHandler } from './queries/list-cases.query';

const commandHandlers = [
  LogComplaintHandler,
  RecordReplyHandler,
  ResolveOnTheSpotHandler,
  ValidateComplaintHandler,
  AssignResponsibilityHandler,
  EscalateCaseHandler,
  ReportInvestigationHandler,
  CompleteRectificationHandler,
  ProposeSettlementHandler,
  DecideSettlementHandler,
  RecordCustomerResponseHandler,
  RecordReturnVisitHandler,
  CloseCaseHandler,
  ReopenCaseHandler,
  RecordShirkingHandler,
  ErasePersonalDataHandler,
];

const queryHandlers = [ListCasesHandler, GetCaseHandler, GetCaseHistoryHandler];

@Module({
  imports: [CqrsModule, CaseCommandsModule],
  controllers: [CaseCommandsController, CaseQueriesController],
  providers: [
    ...commandHandlers,
    ...queryHandlers,
    CaseNumberAllocator,
    KnownSites,
    CaseCommandGuard,
    CaseReader,
    MinPositionInterceptor,
  ],
})
export class CasesModule {}
