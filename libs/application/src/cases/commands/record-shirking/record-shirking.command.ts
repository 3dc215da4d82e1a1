import { CaseCommandMessage } from '../../case-command.message';

export interface RecordShirkingBody {
  /** The staff member who passed the case off; the handler looks the member up. */
  staffId: string;
  description: string;
}

export class RecordShirkingCommand extends CaseCommandMessage<RecordShirkingBody> {}
