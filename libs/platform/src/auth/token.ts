import { createSecretKey, type KeyObject } from 'node:crypto';
import { JwtService, TokenExpiredError, type JwtSignOptions } from '@nestjs/jwt';
import { z } from 'zod';
import { ROLES, type Role } from '@casebook/domain/roles';
import { ProblemException } from '../problems/problem.exception';
import type { Caller } from './caller';

export interface TokenClaims {
  sub: string;
  role: Role;
  /** Absent or ["*"]: every site. */
  sites?: string[];
}

const claimsSchema = z.object({
  sub: z.string().min(1),
  role: z.enum(ROLES),
  sites: z
    .array(z.string().min(1))
    .refine((sites) => !sites.includes('*') || sites.length === 1, '"*" must stand alone')
    .optional(),
  exp: z.number(),
});

const jwt = new JwtService();

/** Signs an HS256 token, for the development token printout and for tests. */
export const signToken = (
  secret: string,
  claims: TokenClaims,
  expiresIn: NonNullable<JwtSignOptions['expiresIn']>,
): string => jwt.sign({ ...claims }, { secret, algorithm: 'HS256', expiresIn });

export const unauthenticated = (detail: string) =>
  new ProblemException('UNAUTHENTICATED', detail, { headers: { 'WWW-Authenticate': 'Bearer' } });

/**
 * jsonwebtoken turns a string secret into a key object on every call, which costs more than
 * the whole HMAC; the key of the (one) configured secret is made once.
 */
const keys = new Map<string, KeyObject>();
const keyOf = (secret: string) => {
  let key = keys.get(secret);
  if (!key) keys.set(secret, (key = createSecretKey(Buffer.from(secret, 'utf8'))));
  return key;
};

/** Verifies signature and expiry and reads the caller from the claims, or throws UNAUTHENTICATED. */
export function verifyToken(secret: string, token: string): Caller {
  let payload: unknown;
  try {
    // No clockTimestamp: `exp` is checked against the real clock, never the injected one
    // (a clock started in the past must not revive expired tokens). HS256 only, so a token
    // cannot choose a weaker algorithm.
    payload = jwt.verify(token, { secret: keyOf(secret) as unknown as string, algorithms: ['HS256'] });
  } catch (error) {
    throw unauthenticated(error instanceof TokenExpiredError ? 'the token has expired' : 'the token is invalid');
  }
  const claims = claimsSchema.safeParse(payload);
  if (!claims.success) {
    const { path, message } = claims.error.issues[0];
    throw unauthenticated(`the token's claims are invalid: ${path.join('.') || 'payload'}: ${message}`);
  }
  const { sub, role, sites } = claims.data;
  return { id: sub, role, sites: sites === undefined || sites[0] === '*' ? 'all' : sites };
}
