import type { PauseClock } from '@casebook/domain';
import { CaseCommandMessage } from '../../case-command.message';

/** `clock` comes from the path. */
export type PauseClockBody = Omit<PauseClock, 'type'>;

export class PauseClockCommand extends CaseCommandMessage<PauseClockBody> {}
