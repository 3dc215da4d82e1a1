import { Injectable, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import type { Observable } from 'rxjs';
import { validationProblem } from '../problems/problem.exception';
import type { CasebookRequest } from './request';

/**
 * Refuses a body applyRequestBodyRules found bad (400, one entry per offending field). An
 * interceptor, so that the API's order holds (401, 403, 404 from the guards come first), and the
 * first one, so that nothing (idempotency, a handler) ever sees such a body.
 */
@Injectable()
export class RequestBodyInterceptor implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const { bodyErrors } = context.switchToHttp().getRequest<CasebookRequest>();
    if (bodyErrors) throw validationProblem(bodyErrors);
    return next.handle();
  }
}
