import { Injectable, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import type { Response } from 'express';
import { DataSource } from 'typeorm';
import { parseMinPosition, ProblemException, type CasebookRequest } from '@casebook/platform';
import { waitForProjections } from '@casebook/read-models';

const WAIT_MS = 5000;
/** Queries of the case read model; other read models name their own projections. */
const SERVING_PROJECTIONS = ['cases'];

/**
 * Read-your-writes (API.md): with `Casebook-Min-Position`, answer only once the projections
 * serving the query have processed that position, else 503 PROJECTION_LAGGING.
 */
@Injectable()
export class MinPositionInterceptor implements NestInterceptor {
  constructor(private readonly db: DataSource) {}

  async intercept(context: ExecutionContext, next: CallHandler) {
    const http = context.switchToHttp();
    const position = parseMinPosition(http.getRequest<CasebookRequest>().header('casebook-min-position'));
    if (position !== undefined && !(await waitForProjections(this.db, SERVING_PROJECTIONS, position, WAIT_MS))) {
      http.getResponse<Response>().setHeader('Retry-After', '1');
      throw new ProblemException('PROJECTION_LAGGING', `the case read model has not reached position ${position} yet`);
    }
    return next.handle();
  }
}
