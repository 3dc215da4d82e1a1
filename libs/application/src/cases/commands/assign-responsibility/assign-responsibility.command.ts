import { CaseCommandMessage } from '../../case-command.message';

export interface AssignResponsibilityBody {
  departmentId: string;
  /** A staff member's id; the handler looks the member up. */
  assigneeId: string;
  note?: string;
}

export class AssignResponsibilityCommand extends CaseCommandMessage<AssignResponsibilityBody> {}
