import type { UrgeCase } from '@casebook/domain';
import { CaseCommandMessage } from '../../case-command.message';

/** The handler looks up the department of the staff member urged. */
export type UrgeCaseBody = Omit<UrgeCase, 'type' | 'staffDepartments'>;

export class UrgeCaseCommand extends CaseCommandMessage<UrgeCaseBody> {}
