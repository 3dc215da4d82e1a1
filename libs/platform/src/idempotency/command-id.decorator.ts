import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { CasebookRequest } from '../http/request';

/**
 * The request's command id, set by IdempotencyInterceptor on every POST: derived from the
 * Idempotency-Key when one is sent (stable across repeats), else random.
 */
export const CommandId = createParamDecorator((_: unknown, context: ExecutionContext): string => {
  const { commandId } = context.switchToHttp().getRequest<CasebookRequest>();
  if (!commandId) throw new Error('@CommandId() used outside a POST route');
  return commandId;
});
