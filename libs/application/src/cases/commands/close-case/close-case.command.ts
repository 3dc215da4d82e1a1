import type { CloseCase } from '@casebook/domain';
import { CaseCommandMessage } from '../../case-command.message';

export type CloseCaseBody = Omit<CloseCase, 'type'>;

export class CloseCaseCommand extends CaseCommandMessage<CloseCaseBody> {}
