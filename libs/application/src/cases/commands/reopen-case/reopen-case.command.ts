import type { ReopenCase } from '@casebook/domain';
import { CaseCommandMessage } from '../../case-command.message';

export type ReopenCaseBody = Omit<ReopenCase, 'type'>;

export class ReopenCaseCommand extends CaseCommandMessage<ReopenCaseBody> {}
