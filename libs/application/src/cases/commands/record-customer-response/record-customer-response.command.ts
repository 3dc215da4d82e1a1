import type { RecordCustomerResponse } from '@casebook/domain';
import { CaseCommandMessage } from '../../case-command.message';

export type RecordCustomerResponseBody = Omit<RecordCustomerResponse, 'type'>;

export class RecordCustomerResponseCommand extends CaseCommandMessage<RecordCustomerResponseBody> {}
