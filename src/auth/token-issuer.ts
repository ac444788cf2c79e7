import { SignJWT } from 'jose';
import type { Role } from './principal';

export interface TokenRequest {
  role: Role;
  subject: string;
  /** e.g. '1h', '15m', '30d' (jose's syntax) or seconds since the epoch. */
  expiresIn?: string | number;
  issuer?: string;
  audience?: string;
}

/** Signs HS256 tokens for development and tests; production tokens come from the identity provider. */
export function issueToken(secret: string, request: TokenRequest): Promise<string> {
  const jwt = new SignJWT({ role: request.role })
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject(request.subject)
    .setIssuedAt()
    .setExpirationTime(request.expiresIn ?? '8h');
  if (request.issuer) jwt.setIssuer(request.issuer);
  if (request.audience) jwt.setAudience(request.audience);
  return jwt.sign(new TextEncoder().encode(secret));
}
