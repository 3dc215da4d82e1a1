import type { RecordReply } from '@casebook/domain';
import { CaseCommandMessage } from '../../case-command.message';

export type RecordReplyBody = Omit<RecordReply, 'type'>;

export class RecordReplyCommand extends CaseCommandMessage<RecordReplyBody> {}
