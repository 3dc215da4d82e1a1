import type { ReportInvestigation } from '@casebook/domain';
import { CaseCommandMessage } from '../../case-command.message';

export type ReportInvestigationBody = Omit<ReportInvestigation, 'type'>;

export class ReportInvestigationCommand extends CaseCommandMessage<ReportInvestigationBody> {}
