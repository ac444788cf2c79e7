import type { VerifiedToken } from '../auth/token-verifier';

/** The part of TokenVerifier the cache wraps. */
export interface BearerVerifier {
  fromAuthorizationHeader(header: string | undefined | null): Promise<VerifiedToken | null>;
}

/**
 * Remembers, per Authorization header, the token it carried once its signature and claims checked
 * out, so an app sending the same bearer token on every request pays the HMAC and claim parsing once
 * (issue 12: ~2.5% of a `{ __typename }` request) rather than on each request.
 *
 * It answers exactly what the verifier would: only successful verifications are kept (a bad or
 * expired token is verified, and refused, every time, so it still spends the failed-authentication
 * budget); an entry is used only while its `exp` is in the future by the verifier's own rule (jose:
 * expired once `exp <= floor(now in seconds)`, no tolerance), and past it the header goes back to the
 * verifier, which answers TokenExpiredError. Only for the HS256 secret (see server.ts): with a JWKS a
 * key the identity provider withdraws must stop being accepted at once, so those tokens are verified
 * every time. At most `capacity` entries; the oldest goes first. "Now" is the wall clock on purpose:
 * it is the clock jose checks `exp` against, not the business date of src/common/clock.ts.
 */
export class VerifiedTokenCache implements BearerVerifier {
  private readonly entries = new Map<string, VerifiedToken>();

  constructor(
    private readonly verifier: BearerVerifier,
    private readonly capacity = 10_000,
    private readonly nowMs: () => number = () => Date.now(),
  ) {}

  async fromAuthorizationHeader(header: string | undefined | null): Promise<VerifiedToken | null> {
    if (!header) return this.verifier.fromAuthorizationHeader(header);
    const cached = this.entries.get(header);
    if (cached) {
      if (this.stillValid(cached)) return cached;
      this.entries.delete(header);
    }
    const verified = await this.verifier.fromAuthorizationHeader(header);
    if (verified && this.stillValid(verified)) {
      if (this.entries.size >= this.capacity) {
        const oldest = this.entries.keys().next().value;
        if (oldest !== undefined) this.entries.delete(oldest);
      }
      this.entries.set(header, verified);
    }
    return verified;
  }

  private stillValid(token: VerifiedToken): boolean {
    return token.expiresAt === undefined || token.expiresAt > Math.floor(this.nowMs() / 1000);
  }
}
