import type { ErasePersonalData } from '@casebook/domain';
import { CaseCommandMessage } from '../../case-command.message';

export type ErasePersonalDataBody = Omit<ErasePersonalData, 'type'>;

export class ErasePersonalDataCommand extends CaseCommandMessage<ErasePersonalDataBody> {}
