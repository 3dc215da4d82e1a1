import { NoticeCommandMessage } from '../notice-command.message';

/** IssuePenaltyNotice (PRODUCT.md §14): a month's notice of one site, or of every site (no siteId). */
export class IssuePenaltyNoticeCommand extends NoticeCommandMessage {}
