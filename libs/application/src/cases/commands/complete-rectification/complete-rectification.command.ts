import type { CompleteRectification } from '@casebook/domain';
import { CaseCommandMessage } from '../../case-command.message';

export type CompleteRectificationBody = Omit<CompleteRectification, 'type'>;

export class CompleteRectificationCommand extends CaseCommandMessage<CompleteRectificationBody> {}
