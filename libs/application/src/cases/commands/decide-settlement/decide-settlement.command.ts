import type { DecideSettlement } from '@casebook/domain';
import { CaseCommandMessage } from '../../case-command.message';

export type DecideSettlementBody = Omit<DecideSettlement, 'type'>;

export class DecideSettlementCommand extends CaseCommandMessage<DecideSettlementBody> {}
