import type { Caller } from '@casebook/platform';
import type { DirectoryStaff } from '@casebook/read-models';

/** What every command carries from the HTTP request besides its body. */
export interface CommandRequest {
  caller: Caller;
  /** The caller as an active staff member of the directory. */
  staff: DirectoryStaff;
  /** The Idempotency-Key (scoped to the caller, method and path), or a fresh id. */
  commandId: string;
  /** True when `commandId` came from an Idempotency-Key, so ids derived from it are stable. */
  idempotent: boolean;
  correlationId: string;
  causationId?: string;
  /** From `If-Match`: the case version the client decided on. */
  ifMatch?: bigint;
}
