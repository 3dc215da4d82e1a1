import { validationProblem } from '../problems/problem.exception';

/** As Node hands headers over (already trimmed); repeated ones may come as an array. */
type HeaderValue = string | string[] | undefined;

const invalidHeader = (name: string, message: string) => validationProblem([{ path: name, message }]);

/**
 * `If-Match: "<version>"` (a bare number is accepted too) -> the case version the client
 * expects, or undefined without the header. Anything else is 400: silently ignoring a
 * malformed precondition would let a write through that the client meant to guard.
 */
export function parseIfMatch(value: HeaderValue): bigint | undefined {
  if (value === undefined) return undefined;
  const match = typeof value === 'string' ? /^(?:"(\d{1,19})"|(\d{1,19}))$/.exec(value) : null;
  if (!match) throw invalidHeader('If-Match', 'If-Match must be one case version, e.g. "3"');
  return BigInt(match[1] ?? match[2]);
}

/** `Casebook-Min-Position: <position>` -> the global position a query must reflect. */
export function parseMinPosition(value: HeaderValue): bigint | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || !/^\d{1,20}$/.test(value)) {
    throw invalidHeader('Casebook-Min-Position', 'Casebook-Min-Position must be a global position, e.g. 1042');
  }
  return BigInt(value);
}
