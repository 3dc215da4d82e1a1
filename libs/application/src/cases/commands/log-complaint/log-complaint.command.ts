import type { Category, Channel, Complainant, Kind, Market, Severity } from '@casebook/domain';
import type { CommandRequest } from '../../../commands/command-request';

/** What the client sends to log a case (API.md "Case commands", POST /cases). */
export interface LogComplaintBody {
  kind: Kind;
  siteId: string;
  channel: Channel;
  category: Category;
  severity: Severity;
  subject: string;
  description: string;
  complainant: Complainant;
  /** Default: now. */
  receivedAt?: string;
  /** Default: domestic. */
  market?: Market;
  /** A supervisor and above logging on behalf of another staff member. */
  firstResponderId?: string;
}

export class LogComplaintCommand {
  constructor(
    readonly body: LogComplaintBody,
    readonly request: CommandRequest,
  ) {}
}
