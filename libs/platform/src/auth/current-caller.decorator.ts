import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { CasebookRequest } from '../http/request';
import type { Caller } from './caller';

/** The authenticated caller; only meaningful on routes AuthGuard protects. */
export const CurrentCaller = createParamDecorator((_: unknown, context: ExecutionContext): Caller => {
  const { caller } = context.switchToHttp().getRequest<CasebookRequest>();
  if (!caller) throw new Error('@CurrentCaller() used on a route without an authenticated caller (@Public()?)');
  return caller;
});
