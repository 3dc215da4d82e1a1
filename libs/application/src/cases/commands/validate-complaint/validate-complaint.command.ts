import type { ValidateComplaint } from '@casebook/domain';
import { CaseCommandMessage } from '../../case-command.message';

export type ValidateComplaintBody = Omit<ValidateComplaint, 'type'>;

export class ValidateComplaintCommand extends CaseCommandMessage<ValidateComplaintBody> {}
