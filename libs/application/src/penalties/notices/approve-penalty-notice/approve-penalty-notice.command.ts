import { NoticeCommandMessage } from '../notice-command.message';

/** ApprovePenaltyNotice (PRODUCT.md §14): the approver makes a month's notice (its lines) final. */
export class ApprovePenaltyNoticeCommand extends NoticeCommandMessage {}
