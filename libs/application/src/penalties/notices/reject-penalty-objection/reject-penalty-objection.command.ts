import { ObjectionCommandMessage } from '../notice-command.message';

/** The approver's decision on an objection: `reject` (an objection is upheld by adjusting or waiving the line). */
export interface RejectPenaltyObjectionBody {
  decision: 'reject';
  comment?: string;
}

/** RejectPenaltyObjection (PRODUCT.md §14) on the notice that lists the line. */
export class RejectPenaltyObjectionCommand extends ObjectionCommandMessage<RejectPenaltyObjectionBody> {}
