import type { Request } from 'express';
import type { Caller } from '../auth/caller';

/** What the platform attaches to an Express request on its way to a handler. */
export interface CasebookRequest extends Request {
  /** Set by AuthGuard on every route not marked @Public(). */
  caller?: Caller;
  /** Set by IdempotencyInterceptor on every POST (see there). */
  commandId?: string;
}
