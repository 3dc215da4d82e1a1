import { Injectable, SetMetadata, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Response } from 'express';
import { DataSource } from 'typeorm';
import { parseMinPosition, ProblemException, type CasebookRequest } from '@casebook/platform';
import { waitForProjections } from '@casebook/read-models';

const WAIT_MS = 5000;
/** Queries of the case read model; other read models name their own projections with @ServedBy. */
const SERVING_PROJECTIONS = ['cases'];

const SERVED_BY = 'casebook:served-by';

/** The projections a route's read model is built by (a handler's or its controller's); default `cases`. */
export const ServedBy = (...projections: string[]) => SetMetadata(SERVED_BY, projections);

/**
 * Read-your-writes (API.md): with `Casebook-Min-Position`, answer only once the projections
 * serving the query have processed that position, else 503 PROJECTION_LAGGING.
 */
@Injectable()
export class MinPositionInterceptor implements NestInterceptor {
  constructor(
    private readonly db: DataSource,
    private readonly reflector: Reflector,
  ) {}

  async intercept(context: ExecutionContext, next: CallHandler) {
    const http = context.switchToHttp();
    const position = parseMinPosition(http.getRequest<CasebookRequest>().header('casebook-min-position'));
    if (position === undefined) return next.handle();
    const projections =
      this.reflector.getAllAndOverride<string[] | undefined>(SERVED_BY, [context.getHandler(), context.getClass()]) ?? SERVING_PROJECTIONS;
    if (!(await waitForProjections(this.db, projections, position, WAIT_MS))) {
      http.getResponse<Response>().setHeader('Retry-After', '1');
      throw new ProblemException('PROJECTION_LAGGING', `the ${projections.join(', ')} read model has not reached position ${position} yet`);
    }
    return next.handle();
  }
}
