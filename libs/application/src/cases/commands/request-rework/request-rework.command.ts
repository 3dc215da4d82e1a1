import type { RequestRework } from '@casebook/domain';
import { CaseCommandMessage } from '../../case-command.message';

export type RequestReworkBody = Omit<RequestRework, 'type'>;

export class RequestReworkCommand extends CaseCommandMessage<RequestReworkBody> {}
