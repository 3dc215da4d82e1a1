import type { RecordReturnVisit } from '@casebook/domain';
import { CaseCommandMessage } from '../../case-command.message';

export type RecordReturnVisitBody = Omit<RecordReturnVisit, 'type'>;

export class RecordReturnVisitCommand extends CaseCommandMessage<RecordReturnVisitBody> {}
