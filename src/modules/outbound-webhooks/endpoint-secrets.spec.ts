import { randomBytes } from 'node:crypto';
import { EndpointSecrets } from './endpoint-secrets';

describe('outbound webhook secrets at rest', () => {
  const secret = `whsec_${randomBytes(32).toString('base64')}`;

  it('seals a secret so only the same key opens it', () => {
    const key = randomBytes(32);
    const sealed = new EndpointSecrets(key).seal(secret);
    expect(sealed).toMatch(/^v1:/);
    expect(sealed).not.toContain(secret.slice('whsec_'.length));
    expect(new EndpointSecrets(key).open(sealed)).toBe(secret);
    expect(() => new EndpointSecrets(randomBytes(32)).open(sealed)).toThrow('PLUGIN_SECRETS_KEY differs');
  });

  it('reads a secret stored in clear before sealing as it is, with or without a key', () => {
    expect(new EndpointSecrets(randomBytes(32)).open(secret)).toBe(secret);
    expect(new EndpointSecrets(null).open(secret)).toBe(secret);
  });

  it('refuses to store a new secret without a key, with a code clients can branch on', () => {
    expect(() => new EndpointSecrets(null).seal(secret)).toThrow(
      expect.objectContaining({ extensions: expect.objectContaining({ code: 'CONFLICT' }) }),
    );
  });
});
