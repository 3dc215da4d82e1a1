import type { NestExpressApplication } from '@nestjs/platform-express';
import type { NextFunction, Response } from 'express';
import { ProblemException } from '../problems/problem.exception';
import { jsonValueErrors } from '../validation/json-values';
import type { CasebookRequest } from './request';

/** Largest JSON body accepted (API.md "Conventions"); larger ones get 413 PAYLOAD_TOO_LARGE. */
export const BODY_LIMIT = '256kb';

/** `application/json`, or a `+json` type such as `application/merge-patch+json`; any charset. */
const JSON_TYPE = /^application\/([\w.-]+\+)?json\s*(;|$)/i;

const hasBody = (req: CasebookRequest) =>
  req.headers['transfer-encoding'] !== undefined || Number(req.headers['content-length'] ?? 0) > 0;

/** A body that is not JSON is refused (415) rather than parsed as something else or silently ignored. */
function refuseOtherMediaTypes(req: CasebookRequest, _res: Response, next: NextFunction): void {
  if (hasBody(req) && !JSON_TYPE.test(req.headers['content-type'] ?? '')) {
    next(new ProblemException('UNSUPPORTED_MEDIA_TYPE', 'the request body must be JSON (Content-Type: application/json)'));
    return;
  }
  next();
}

/**
 * Finds what API.md refuses in the parsed body (unpaired surrogates, NUL characters, text over
 * 5,000 characters, nesting deeper than 32, prototype keys). It only notes them: the refusal
 * comes after authentication and the guards (RequestBodyInterceptor), in the API's order.
 */
function inspectBody(req: CasebookRequest, _res: Response, next: NextFunction): void {
  const errors = jsonValueErrors(req.body);
  if (errors.length > 0) req.bodyErrors = errors;
  next();
}

/**
 * The request-body rules of API.md "Conventions", for every route in one place. Call right
 * after creating the app, before any route: JSON only (415 otherwise), at most 256 KiB (413),
 * well-formed (400, via the problem filter), and inspected for what no DTO may accept.
 */
export function applyRequestBodyRules(app: NestExpressApplication): void {
  app.use(refuseOtherMediaTypes);
  app.useBodyParser('json', { limit: BODY_LIMIT, type: (req) => JSON_TYPE.test(req.headers['content-type'] ?? '') });
  app.use(inspectBody);
}
