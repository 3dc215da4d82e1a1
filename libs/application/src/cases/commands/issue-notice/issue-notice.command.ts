import type { NoticeKind } from '@casebook/domain';
import { CaseCommandMessage } from '../../case-command.message';

export interface IssueNoticeBody {
  kind: NoticeKind;
  departmentId: string;
  /** A staff member of that department; the handler looks the member up. */
  staffId?: string;
  text: string;
}

export class IssueNoticeCommand extends CaseCommandMessage<IssueNoticeBody> {}
