import type { Request } from 'express';
import type { FieldError } from '@casebook/domain/errors';
import type { Caller } from '../auth/caller';

/** How a write is named in the events it appends. */
export interface CommandIds {
  /** `metadata.commandId`: the Idempotency-Key exactly as sent, else a fresh UUID. */
  id: string;
  /** Seed of the ids a command derives: from the caller and key when a key is sent (stable across repeats), else `id`. */
  idSeed: string;
  /** True when `idSeed` is stable across repeats of the request. */
  idempotent: boolean;
}

/** What the platform attaches to an Express request on its way to a handler. */
export interface CasebookRequest extends Request {
  /** Set by AuthGuard on every route not marked @Public(). */
  caller?: Caller;
  /** Set by IdempotencyInterceptor on every write (see there). */
  command?: CommandIds;
  /** What API.md refuses in the JSON body (jsonValueErrors), found as it was parsed; refused by RequestBodyInterceptor. */
  bodyErrors?: FieldError[];
}
