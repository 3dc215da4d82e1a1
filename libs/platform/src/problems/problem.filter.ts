import { type ArgumentsHost, Catch, type ExceptionFilter, Logger } from '@nestjs/common';
import type { Request, Response } from 'express';
import { PROBLEM_CONTENT_TYPE } from './problem';
import { toProblem } from './to-problem';

/**
 * Global filter: every error leaves as application/problem+json. Unexpected errors become a
 * generic 500 whose stack goes to the log, never to the client.
 */
@Catch()
export class ProblemFilter implements ExceptionFilter {
  private readonly logger = new Logger(ProblemFilter.name);

  catch(error: unknown, host: ArgumentsHost): void {
    const request = host.switchToHttp().getRequest<Request>();
    const response = host.switchToHttp().getResponse<Response>();
    const { status, body, headers } = toProblem(error);
    if (status === 500) {
      this.logger.error(`${request.method} ${request.originalUrl} failed: ${String(error)}`, (error as Error)?.stack);
    }
    // A response already under way (a stream that failed midway) can only be cut short.
    if (response.headersSent) {
      response.end();
      return;
    }
    response.status(status).type(PROBLEM_CONTENT_TYPE);
    if (headers) response.set(headers);
    response.json(body);
  }
}
