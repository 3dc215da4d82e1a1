import type { CommandRequest } from '../commands/command-request';

/** A command on an existing case as it travels the CommandBus: which case, the body, the request. */
export abstract class CaseCommandMessage<Body> {
  constructor(
    readonly caseId: string,
    readonly body: Body,
    readonly request: CommandRequest,
  ) {}
}
