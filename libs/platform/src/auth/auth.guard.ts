import { type CanActivate, type ExecutionContext, Inject, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { CONFIG, type CasebookConfig } from '../config/config';
import type { CasebookRequest } from '../http/request';
import { IS_PUBLIC } from './public.decorator';
import { unauthenticated, verifyToken } from './token';

/**
 * Global guard: every route needs a valid bearer token unless marked @Public(). It only
 * authenticates; what a role may do is decided by the domain and the handlers.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    @Inject(CONFIG) private readonly config: Pick<CasebookConfig, 'jwtSecret'>,
    private readonly reflector: Reflector,
  ) {}

  canActivate(context: ExecutionContext): boolean {
    const isPublic = this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, [context.getHandler(), context.getClass()]);
    if (isPublic) return true;

    const request = context.switchToHttp().getRequest<CasebookRequest>();
    const [scheme, token, ...rest] = (request.headers.authorization ?? '').split(' ');
    if (scheme.toLowerCase() !== 'bearer' || !token || rest.length > 0) {
      throw unauthenticated('an Authorization: Bearer <token> header is required');
    }
    request.caller = verifyToken(this.config.jwtSecret, token);
    return true;
  }
}
