import type { NestExpressApplication } from '@nestjs/platform-express';

/** Largest JSON body accepted (API.md "Conventions"); larger ones get 413 PAYLOAD_TOO_LARGE. */
export const BODY_LIMIT = '256kb';

/** Call right after creating the app: Express' own JSON limit is 100 KiB. */
export function applyBodyLimit(app: NestExpressApplication): void {
  app.useBodyParser('json', { limit: BODY_LIMIT });
}
