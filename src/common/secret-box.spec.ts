import { randomBytes } from 'node:crypto';
import { parseSecretsKey, SecretBox } from './secret-box';

describe('plugin secrets at rest', () => {
  it('seals and opens a secret, never storing the plain text', () => {
    const box = new SecretBox(randomBytes(32));
    const sealed = box.encrypt('shpss_topsecret');
    expect(sealed).not.toContain('topsecret');
    expect(box.decrypt(sealed)).toBe('shpss_topsecret');
  });

  it('refuses to open a secret with another key', () => {
    const sealed = new SecretBox(randomBytes(32)).encrypt('x');
    expect(() => new SecretBox(randomBytes(32)).decrypt(sealed)).toThrow('PLUGIN_SECRETS_KEY differs');
  });

  it('reads the key as 64 hex characters or base64 of 32 bytes', () => {
    const key = randomBytes(32);
    expect(parseSecretsKey(key.toString('hex'))).toEqual(key);
    expect(parseSecretsKey(key.toString('base64'))).toEqual(key);
    expect(parseSecretsKey('too-short')).toBeNull();
  });
});
