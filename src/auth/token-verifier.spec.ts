import { SignJWT } from 'jose';
import { issueToken } from './token-issuer';
import { TokenVerifier } from './token-verifier';

const SECRET = 'unit-test-secret-of-at-least-32-characters';

describe('bearer token verification', () => {
  const verifier = new TokenVerifier({ secret: SECRET });

  it('turns a member token into a member principal whose member id is the subject', async () => {
    const token = await issueToken(SECRET, { role: 'member', subject: '17' });
    const verified = await verifier.verify(token);
    expect(verified.principal).toEqual({ role: 'member', subject: '17', memberId: 17 });
    expect(verified.expiresAt).toBeGreaterThan(Date.now() / 1000);
  });

  it('treats a missing header as anonymous but a malformed one as an error', async () => {
    await expect(verifier.fromAuthorizationHeader(undefined)).resolves.toBeNull();
    await expect(verifier.fromAuthorizationHeader('Token abc')).rejects.toThrow(/Bearer <token>/);
  });

  it('refuses expired tokens, tokens signed with another key, unknown roles and member tokens without a member id', async () => {
    const expired = await issueToken(SECRET, {
      role: 'staff',
      subject: 's',
      expiresIn: Math.floor(Date.now() / 1000) - 10,
    });
    await expect(verifier.verify(expired)).rejects.toThrow('The token has expired');

    const foreign = await issueToken('another-secret-of-at-least-32-characters!', {
      role: 'admin',
      subject: 'a',
    });
    await expect(verifier.verify(foreign)).rejects.toThrow('The token is invalid');

    const superuser = await new SignJWT({ role: 'root' })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('x')
      .setExpirationTime('1h')
      .sign(new TextEncoder().encode(SECRET));
    await expect(verifier.verify(superuser)).rejects.toThrow(/role claim/);

    const nameless = await issueToken(SECRET, { role: 'member', subject: 'alice' });
    await expect(verifier.verify(nameless)).rejects.toThrow(/member id/);
  });

  it('checks issuer and audience when they are configured', async () => {
    const strict = new TokenVerifier({
      secret: SECRET,
      issuer: 'https://idp.example.com',
      audience: 'loyalty',
    });
    const wrongAudience = await issueToken(SECRET, {
      role: 'staff',
      subject: 's',
      issuer: 'https://idp.example.com',
      audience: 'other',
    });
    await expect(strict.verify(wrongAudience)).rejects.toThrow('The token is invalid');
    const right = await issueToken(SECRET, {
      role: 'staff',
      subject: 's',
      issuer: 'https://idp.example.com',
      audience: 'loyalty',
    });
    await expect(strict.verify(right)).resolves.toMatchObject({ principal: { role: 'staff' } });
  });
});
