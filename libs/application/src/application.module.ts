import { Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { AssignResponsibilityHandler } from './cases/commands/assign-responsibility/assign-responsibility.handler';
import { CloseCaseHandler } from './cases/commands/close-case/close-case.handler';
import { CompleteRectificationHandler } from './cases/commands/complete-rectification/complete-rectification.handler';
import { DecideExtensionHandler } from './cases/commands/decide-extension/decide-extension.handler';
import { DecideSettlementHandler } from './cases/commands/decide-settlement/decide-settlement.handler';
import { ErasePersonalDataHandler } from './cases/commands/erase-personal-data/erase-personal-data.handler';
import { EscalateCaseHandler } from './cases/commands/escalate-case/escalate-case.handler';
import { IssueNoticeHandler } from './cases/commands/issue-notice/issue-notice.handler';
import { LogComplaintHandler } from './cases/commands/log-complaint/log-complaint.handler';
import { PauseClockHandler } from './cases/commands/pause-clock/pause-clock.handler';
import { ProposeSettlementHandler } from './cases/commands/propose-settlement/propose-settlement.handler';
import { RecordCustomerResponseHandler } from './cases/commands/record-customer-response/record-customer-response.handler';
import { RecordReplyHandler } from './cases/commands/record-reply/record-reply.handler';
import { RecordReturnVisitHandler } from './cases/commands/record-return-visit/record-return-visit.handler';
import { RecordShirkingHandler } from './cases/commands/record-shirking/record-shirking.handler';
import { ReopenCaseHandler } from './cases/commands/reopen-case/reopen-case.handler';
import { ReportInvestigationHandler } from './cases/commands/report-investigation/report-investigation.handler';
import { RequestExtensionHandler } from './cases/commands/request-extension/request-extension.handler';
import { RequestReworkHandler } from './cases/commands/request-rework/request-rework.handler';
import { ResolveOnTheSpotHandler } from './cases/commands/resolve-on-the-spot/resolve-on-the-spot.handler';
import { ResumeClockHandler } from './cases/commands/resume-clock/resume-clock.handler';
import { UrgeCaseHandler } from './cases/commands/urge-case/urge-case.handler';
import { ValidateComplaintHandler } from './cases/commands/validate-complaint/validate-complaint.handler';
import { CommandsModule } from './commands/commands.module';
import { DirectoryCommandHandler } from './directory/directory-command.handler';
import { AdjustPenaltyHandler } from './penalties/commands/adjust-penalty/adjust-penalty.handler';
import { WaivePenaltyHandler } from './penalties/commands/waive-penalty/waive-penalty.handler';
import { ApprovePenaltyNoticeHandler } from './penalties/notices/approve-penalty-notice/approve-penalty-notice.handler';
import { IssuePenaltyNoticeHandler } from './penalties/notices/issue-penalty-notice/issue-penalty-notice.handler';
import { ObjectToPenaltyHandler } from './penalties/notices/object-to-penalty/object-to-penalty.handler';
import { PenaltyNotices } from './penalties/notices/penalty-notices';
import { RejectPenaltyObjectionHandler } from './penalties/notices/reject-penalty-objection/reject-penalty-objection.handler';
import { ChangePolicyHandler } from './policies/change-policy.handler';
import { PublishMonthlyReportHandler } from './reports/publish-monthly-report.handler';

/**
 * The use cases a client can ask for, each a handler on the CommandBus: the case commands,
 * the directory, policies, penalty corrections, the penalty notice and report publishing. The
 * api hosts it (and reads notices through PenaltyNotices); the worker's process managers use
 * the command path (CommandsModule) directly.
 */
@Module({
  imports: [CqrsModule, CommandsModule],
  providers: [
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
    RequestReworkHandler,
    PauseClockHandler,
    ResumeClockHandler,
    RequestExtensionHandler,
    DecideExtensionHandler,
    UrgeCaseHandler,
    IssueNoticeHandler,
    AdjustPenaltyHandler,
    WaivePenaltyHandler,
    PenaltyNotices,
    IssuePenaltyNoticeHandler,
    ObjectToPenaltyHandler,
    RejectPenaltyObjectionHandler,
    ApprovePenaltyNoticeHandler,
    DirectoryCommandHandler,
    ChangePolicyHandler,
    PublishMonthlyReportHandler,
  ],
  exports: [CommandsModule, PenaltyNotices],
})
export class ApplicationModule {}
