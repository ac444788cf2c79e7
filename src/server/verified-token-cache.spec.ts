import { TokenExpiredError, type VerifiedToken } from '../auth/token-verifier';
import { UnauthenticatedError } from '../common/errors';
import { VerifiedTokenCache, type BearerVerifier } from './verified-token-cache';

const T0 = Date.UTC(2026, 0, 15, 12, 0, 0);
const seconds = (ms: number) => Math.floor(ms / 1000);

/** A verifier that counts its calls: good tokens expire at T0 + 60 s, `bad` is refused. */
function fakeVerifier(now: () => number): BearerVerifier & { calls: number } {
  return {
    calls: 0,
    async fromAuthorizationHeader(header) {
      this.calls += 1;
      if (!header) return null;
      if (header === 'Bearer bad') throw new UnauthenticatedError('The token is invalid');
      const token: VerifiedToken = {
        principal: { role: 'staff', subject: header.slice(7) },
        expiresAt: header === 'Bearer forever' ? undefined : seconds(T0) + 60,
      };
      if (token.expiresAt !== undefined && token.expiresAt <= seconds(now())) throw new TokenExpiredError();
      return token;
    },
  };
}

describe('VerifiedTokenCache', () => {
  let now: number;
  const clock = () => now;
  beforeEach(() => (now = T0));

  it('verifies a token once and answers the same principal after', async () => {
    const verifier = fakeVerifier(clock);
    const cache = new VerifiedTokenCache(verifier, 10, clock);
    const first = await cache.fromAuthorizationHeader('Bearer a');
    const second = await cache.fromAuthorizationHeader('Bearer a');
    expect(second).toEqual(first);
    expect(second?.principal).toEqual({ role: 'staff', subject: 'a' });
    expect(verifier.calls).toBe(1);
  });

  it('never keeps a refusal or an absent header: each goes to the verifier', async () => {
    const verifier = fakeVerifier(clock);
    const cache = new VerifiedTokenCache(verifier, 10, clock);
    await expect(cache.fromAuthorizationHeader('Bearer bad')).rejects.toBeInstanceOf(UnauthenticatedError);
    await expect(cache.fromAuthorizationHeader('Bearer bad')).rejects.toBeInstanceOf(UnauthenticatedError);
    await expect(cache.fromAuthorizationHeader(undefined)).resolves.toBeNull();
    expect(verifier.calls).toBe(3);
  });

  it('hands an expired token back to the verifier, which refuses it as expired', async () => {
    const verifier = fakeVerifier(clock);
    const cache = new VerifiedTokenCache(verifier, 10, clock);
    await cache.fromAuthorizationHeader('Bearer a');
    now = T0 + 59_999; // exp - 1 ms: floor(now) = exp - 1, still valid
    await expect(cache.fromAuthorizationHeader('Bearer a')).resolves.not.toBeNull();
    expect(verifier.calls).toBe(1);
    now = T0 + 60_000; // exp <= now: expired, as jose decides
    await expect(cache.fromAuthorizationHeader('Bearer a')).rejects.toBeInstanceOf(TokenExpiredError);
    expect(verifier.calls).toBe(2);
  });

  it('keeps at most its capacity, dropping the oldest entry', async () => {
    const verifier = fakeVerifier(clock);
    const cache = new VerifiedTokenCache(verifier, 2, clock);
    await cache.fromAuthorizationHeader('Bearer a');
    await cache.fromAuthorizationHeader('Bearer b');
    await cache.fromAuthorizationHeader('Bearer c'); // evicts a
    await cache.fromAuthorizationHeader('Bearer forever'); // evicts b
    expect(verifier.calls).toBe(4);
    await cache.fromAuthorizationHeader('Bearer c');
    await cache.fromAuthorizationHeader('Bearer forever');
    expect(verifier.calls).toBe(4);
    await cache.fromAuthorizationHeader('Bearer a');
    expect(verifier.calls).toBe(5);
  });
});
