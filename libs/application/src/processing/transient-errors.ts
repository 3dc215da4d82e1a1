import { DatabaseError } from 'pg';
import { QueryFailedError, QueryRunnerAlreadyReleasedError } from 'typeorm';
import { DomainError } from '@casebook/domain';

// SQLSTATE classes that say the statement could not run, not that it was wrong: connection
// exception, transaction rollback (serialization failure, deadlock), insufficient resources,
// operator intervention (shutdown, terminated session), system error.
const TRANSIENT_CLASSES = new Set(['08', '40', '53', '57', '58']);

/**
 * True when an error says the database was unavailable rather than that the events were
 * faulty, so the same batch may well succeed later.
 */
export function isTransient(error: unknown): boolean {
  // A process manager's command on a case too busy, or a read model behind: not the event's fault.
  if (error instanceof DomainError) return error.code === 'UNAVAILABLE';
  const cause = error instanceof QueryFailedError ? error.driverError : error;
  if (cause instanceof DatabaseError) {
    return cause.severity === 'FATAL' || cause.severity === 'PANIC' || TRANSIENT_CLASSES.has(cause.code?.slice(0, 2) ?? '');
  }
  if (cause instanceof QueryRunnerAlreadyReleasedError) return true; // TypeORM lets go of a connection that broke
  if (!(cause instanceof Error)) return false;
  // Node's socket errors (ECONNRESET, ECONNREFUSED…), and pg's for a lost connection, which have no code.
  const code = (cause as NodeJS.ErrnoException).code;
  return /^E[A-Z]+$/.test(code ?? '') || /connection|not queryable/i.test(cause.message);
}
