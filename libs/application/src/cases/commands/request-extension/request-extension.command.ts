import type { RequestExtension } from '@casebook/domain';
import { CaseCommandMessage } from '../../case-command.message';

/** `clock` comes from the path; the handler chooses the request's id. */
export type RequestExtensionBody = Omit<RequestExtension, 'type' | 'requestId'>;

export class RequestExtensionCommand extends CaseCommandMessage<RequestExtensionBody> {}
