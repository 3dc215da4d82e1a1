import type { ObjectToPenalty } from '@casebook/domain/penalty-notices';
import { ObjectionCommandMessage } from '../notice-command.message';

export type ObjectToPenaltyBody = Pick<ObjectToPenalty, 'reason'>;

/** ObjectToPenalty (签呈, PRODUCT.md §14) on the notice that lists the line. */
export class ObjectToPenaltyCommand extends ObjectionCommandMessage<ObjectToPenaltyBody> {}
