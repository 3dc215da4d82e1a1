import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import { parseIfMatch } from '@casebook/platform';
import type { CommandRequest } from '../cases/command-request';
import type { CommandHttpRequest } from './case-command.guard';

/**
 * The CommandRequest of a case command. Its command id is the one IdempotencyInterceptor
 * set: derived from the Idempotency-Key and its scope, so a retry derives the same event ids.
 * Needs CaseCommandGuard, which finds the acting staff member.
 */
export const CommandRequestOf = createParamDecorator((_: unknown, context: ExecutionContext): CommandRequest => {
  const req = context.switchToHttp().getRequest<CommandHttpRequest>();
  const commandId = req.commandId!;
  const { caller, staff } = { caller: req.caller!, staff: req.staff! };
  return {
    actor: { id: staff.id, role: caller.role, departmentId: staff.departmentId },
    sites: caller.sites,
    commandId,
    idempotent: req.header('idempotency-key') !== undefined,
    correlationId: req.header('x-correlation-id') ?? commandId,
    ifMatch: parseIfMatch(req.header('if-match')),
  };
});
