import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { CasebookRequest, CommandIds } from '../http/request';

/** The request's CommandIds, set by IdempotencyInterceptor on every write (POST, PUT, PATCH, DELETE). */
export const CommandIdsOf = createParamDecorator((_: unknown, context: ExecutionContext): CommandIds => {
  const { command } = context.switchToHttp().getRequest<CasebookRequest>();
  if (!command) throw new Error('@CommandIdsOf() used outside a write route');
  return command;
});
