import { createRemoteJWKSet, errors, jwtVerify, type JWTPayload, type JWTVerifyGetKey } from 'jose';
import { UnauthenticatedError } from '../common/errors';
import type { AppConfig } from '../config/config';
import { TOKEN_ROLES, type Principal, type Role } from './principal';

/**
 * A correctly signed token past its expiry: UNAUTHENTICATED like any bad token, but the rate limiter
 * does not count it as a failed authentication (an app retrying with a stale token is not guessing
 * credentials, and counting it would lock out everyone behind the same shop's NAT).
 */
export class TokenExpiredError extends UnauthenticatedError {
  constructor() {
    super('The token has expired');
  }
}

export interface VerifiedToken {
  principal: Principal;
  /** Seconds since the epoch; long-lived sockets re-check it before each operation. */
  expiresAt?: number;
}

/**
 * Verifies bearer JWTs: HS256 with JWT_SECRET, or any algorithm the identity provider's JWKS offers.
 * The `role` claim picks the role; a member token's subject is the member id.
 */
export class TokenVerifier {
  private readonly key: Uint8Array | JWTVerifyGetKey;

  constructor(private readonly options: AppConfig['jwt']) {
    this.key = options.jwksUrl
      ? createRemoteJWKSet(new URL(options.jwksUrl))
      : new TextEncoder().encode(options.secret ?? '');
  }

  /** Reads `Bearer <token>`; absent header means anonymous (null), a bad one is UNAUTHENTICATED. */
  async fromAuthorizationHeader(header: string | undefined | null): Promise<VerifiedToken | null> {
    if (header === undefined || header === null || header === '') return null;
    const match = /^Bearer\s+(\S+)$/i.exec(header.trim());
    if (!match) throw new UnauthenticatedError('The Authorization header must be "Bearer <token>"');
    return this.verify(match[1]);
  }

  async verify(token: string): Promise<VerifiedToken> {
    let payload: JWTPayload;
    try {
      const verified = await jwtVerify(token, this.key as Uint8Array, {
        issuer: this.options.issuer,
        audience: this.options.audience,
        algorithms: this.options.jwksUrl ? undefined : ['HS256'],
      });
      payload = verified.payload;
    } catch (error) {
      if (error instanceof errors.JWTExpired) throw new TokenExpiredError();
      throw new UnauthenticatedError('The token is invalid');
    }
    return { principal: principalFrom(payload), expiresAt: payload.exp };
  }
}

function principalFrom(payload: JWTPayload): Principal {
  const role = payload.role as Role;
  if (!TOKEN_ROLES.includes(role)) {
    throw new UnauthenticatedError(`The token's role claim must be one of ${TOKEN_ROLES.join(', ')}`);
  }
  const subject = payload.sub;
  if (!subject) throw new UnauthenticatedError('The token has no subject');
  if (role !== 'member') return { role, subject };
  const memberId = Number(subject);
  if (!Number.isSafeInteger(memberId) || memberId < 1) {
    throw new UnauthenticatedError("A member token's subject must be the member id");
  }
  return { role, subject, memberId };
}
