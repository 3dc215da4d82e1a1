import type { CommandRequest } from '../../commands/command-request';
import type { NoticeScope } from './penalty-notices';

/** A command on a month's penalty notice as it travels the CommandBus: which notice, the request. */
export abstract class NoticeCommandMessage {
  constructor(
    readonly scope: NoticeScope,
    readonly request: CommandRequest,
  ) {}
}

/** A command on a penalty line's objection: the line, the body, the request (the notice is the one listing the line). */
export abstract class ObjectionCommandMessage<Body> {
  constructor(
    readonly lineId: string,
    readonly body: Body,
    readonly request: CommandRequest,
  ) {}
}
