import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { CommandRequest } from '@casebook/application';
import { parseIfMatch } from '@casebook/platform';
import { actingSites, type CommandHttpRequest } from './case-command.guard';

/**
 * The CommandRequest of a write: its ids as IdempotencyInterceptor named them, the caller, and
 * `If-Match`. On the routes of CaseCommandGuard the actor is the staff member the guard found,
 * acting on the sites both the token and the directory give them; elsewhere (admin writes) the
 * caller as the token says.
 */
export const CommandRequestOf = createParamDecorator((_: unknown, context: ExecutionContext): CommandRequest => {
  const req = context.switchToHttp().getRequest<CommandHttpRequest>();
  const { caller, staff, command } = { caller: req.caller!, staff: req.staff, command: req.command! };
  return {
    actor: staff ? { id: staff.id, role: caller.role, departmentId: staff.departmentId } : { id: caller.id, role: caller.role },
    sites: staff ? actingSites(caller, staff) : caller.sites,
    commandId: command.id,
    idSeed: command.idSeed,
    idempotent: command.idempotent,
    correlationId: req.header('x-correlation-id') ?? command.id,
    ifMatch: parseIfMatch(req.header('if-match')),
  };
});
