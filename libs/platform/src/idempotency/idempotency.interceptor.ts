import { randomUUID } from 'node:crypto';
import { type CallHandler, type ExecutionContext, Injectable, type NestInterceptor } from '@nestjs/common';
import type { Response } from 'express';
import { defer, lastValueFrom, type Observable } from 'rxjs';
import type { CasebookRequest } from '../http/request';
import { PROBLEM_CONTENT_TYPE } from '../problems/problem';
import { ProblemException } from '../problems/problem.exception';
import { toProblem } from '../problems/to-problem';
import { IdempotencyStore, type StoredResponse } from './idempotency.store';
import { idempotencyScope, idSeedFor, parseIdempotencyKey, requestHash } from './request-identity';

/**
 * Refusals replayed to a repeat: decisions on the request (403, 404, 409, 412, 422...) stand.
 * A 400 does not (the request was not understood and nothing ran; its corrected retry may keep
 * the key), nor a 429 (it says "later", not "no").
 */
const isRemembered = (status: number) => status > 400 && status < 500 && status !== 429;

const WRITES = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * Global interceptor for POSTs (API.md "Idempotency"). A repeat of a keyed request gets the
 * first response without running the handler; the same key with another body gets 422.
 * Every write also gets its `command` ids on the request (CommandIds): the key as sent names
 * the command in the events' metadata, and an id derived from the caller and the key seeds
 * the ids of its events.
 */
@Injectable()
export class IdempotencyInterceptor implements NestInterceptor {
  constructor(private readonly store: IdempotencyStore) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const request = context.switchToHttp().getRequest<CasebookRequest>();
    if (!WRITES.has(request.method)) return next.handle();
    const key = request.method === 'POST' ? parseIdempotencyKey(request.headers['idempotency-key']) : undefined;
    // Without a caller (a @Public() route) there is nobody to scope the key to.
    if (key === undefined || !request.caller) {
      const id = randomUUID();
      request.command = { id, idSeed: id, idempotent: false };
      return next.handle();
    }
    const scope = idempotencyScope(request.caller.id, request);
    request.command = { id: key, idSeed: idSeedFor(scope, key), idempotent: true };
    const response = context.switchToHttp().getResponse<Response>();
    return defer(() => this.handleOnce(scope, key, requestHash(request), response, next));
  }

  private async handleOnce(scope: string, key: string, hash: string, response: Response, next: CallHandler) {
    const claim = await this.store.claim(scope, key, hash);
    switch (claim.kind) {
      case 'reused':
        throw new ProblemException('IDEMPOTENCY_KEY_REUSED', 'this Idempotency-Key was already used with a different request');
      case 'in-progress':
        throw new ProblemException('UNAVAILABLE', 'a request with this Idempotency-Key is still in progress', {
          headers: { 'Retry-After': '1' },
        });
      case 'completed':
        return replay(response, claim.response);
      case 'claimed':
        break;
    }

    let body: unknown;
    try {
      body = await lastValueFrom(next.handle(), { defaultValue: undefined });
    } catch (error) {
      const problem = toProblem(error);
      if (isRemembered(problem.status)) await this.store.complete(scope, key, problem);
      else await this.store.release(scope, key);
      throw error;
    }
    await this.store.complete(scope, key, { status: response.statusCode, body });
    return body;
  }
}

function replay(response: Response, { status, body }: StoredResponse): unknown {
  response.status(status).set('Idempotent-Replayed', 'true');
  if (status >= 400) response.type(PROBLEM_CONTENT_TYPE);
  return body;
}
