import type { SettlementType } from '@casebook/domain';
import { CaseCommandMessage } from '../../case-command.message';

export interface ProposeSettlementBody {
  type: SettlementType;
  /** Decimal string ≥ 0, at most 2 places. */
  amount: string;
  /** Default CNY. */
  currency?: string;
  description: string;
}

export class ProposeSettlementCommand extends CaseCommandMessage<ProposeSettlementBody> {}
