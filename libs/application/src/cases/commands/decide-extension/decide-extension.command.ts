import type { DecideExtension } from '@casebook/domain';
import { CaseCommandMessage } from '../../case-command.message';

/** `clock` comes from the path. */
export type DecideExtensionBody = Omit<DecideExtension, 'type'>;

export class DecideExtensionCommand extends CaseCommandMessage<DecideExtensionBody> {}
