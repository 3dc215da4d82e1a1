import { DatabaseError } from 'pg';
import { QueryFailedError, QueryRunnerAlreadyReleasedError } from 'typeorm';
import { DomainError } from '@casebook/domain';
import { isTransient } from './transient-errors';

const databaseError = (code: string, severity = 'ERROR') => {
  const error = new DatabaseError('from the server', 0, 'error');
  error.code = code;
  error.severity = severity;
  return error;
};
const failedQuery = (cause: Error) => new QueryFailedError('SELECT 1', [], cause);

describe('isTransient', () => {
  it.each([
    ['a terminated session', failedQuery(databaseError('57P01', 'FATAL'))],
    ['a deadlock', failedQuery(databaseError('40P01'))],
    ['too many connections', databaseError('53300', 'FATAL')],
    ['a refused connection', Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' })],
    ['a dropped connection', failedQuery(new Error('Connection terminated unexpectedly'))],
    ['an unusable client', failedQuery(new Error('Client has encountered a connection error and is not queryable'))],
    ['a released query runner', new QueryRunnerAlreadyReleasedError()],
    ['a case too busy for a process manager’s command', new DomainError('UNAVAILABLE', 'case x is too busy, try again')],
  ])('%s is transient', (_, error) => {
    expect(isTransient(error)).toBe(true);
  });

  it.each([
    ['a constraint violation', failedQuery(databaseError('23505'))],
    ['bad input', failedQuery(databaseError('22P02'))],
    ['an error thrown by apply', new TypeError("Cannot read properties of undefined (reading 'siteId')")],
    ['a thrown non-error', 'oops'],
    ['a command refused', new DomainError('NOT_FOUND', 'case x not found')],
  ])('%s is not transient', (_, error) => {
    expect(isTransient(error)).toBe(false);
  });
});
