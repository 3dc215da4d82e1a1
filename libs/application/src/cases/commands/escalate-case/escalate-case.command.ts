import type { EscalateCase } from '@casebook/domain';
import { CaseCommandMessage } from '../../case-command.message';

export type EscalateCaseBody = Omit<EscalateCase, 'type'>;

export class EscalateCaseCommand extends CaseCommandMessage<EscalateCaseBody> {}
