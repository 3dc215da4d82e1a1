import type { ResumeClock } from '@casebook/domain';
import { CaseCommandMessage } from '../../case-command.message';

/** `clock` comes from the path. */
export type ResumeClockBody = Omit<ResumeClock, 'type'>;

export class ResumeClockCommand extends CaseCommandMessage<ResumeClockBody> {}
