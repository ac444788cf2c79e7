import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

/**
 * AES-256-GCM for secrets at rest: plugins' secret options and outbound webhook signing secrets. The
 * key comes from PLUGIN_SECRETS_KEY (32 bytes, hex or base64); the format `v1:<iv>:<tag>:<ciphertext>`
 * leaves room for a key rotation later. GCM's tag makes a wrong key or a tampered value fail loudly
 * instead of decrypting to garbage.
 */
export class SecretBox {
  constructor(private readonly key: Buffer) {
    if (key.length !== 32) throw new Error('The plugin secrets key must be 32 bytes');
  }

  encrypt(plain: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    const ciphertext = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
    return ['v1', iv, cipher.getAuthTag(), ciphertext]
      .map((p) => (typeof p === 'string' ? p : p.toString('base64')))
      .join(':');
  }

  decrypt(sealed: string): string {
    const [version, iv, tag, ciphertext] = sealed.split(':');
    if (version !== 'v1' || !ciphertext) throw new Error('Not a sealed secret');
    const decipher = createDecipheriv('aes-256-gcm', this.key, Buffer.from(iv, 'base64'));
    decipher.setAuthTag(Buffer.from(tag, 'base64'));
    try {
      return Buffer.concat([decipher.update(Buffer.from(ciphertext, 'base64')), decipher.final()]).toString(
        'utf8',
      );
    } catch {
      throw new Error(
        'A sealed secret cannot be decrypted: PLUGIN_SECRETS_KEY differs from the one it was stored with',
      );
    }
  }
}

/** True for a value `encrypt` wrote (as opposed to a secret stored before sealing applied to it). */
export function isSealed(value: string): boolean {
  return value.startsWith('v1:');
}

/** 64 hex characters or base64 of 32 bytes; null when the text is neither. */
export function parseSecretsKey(text: string): Buffer | null {
  if (/^[0-9a-fA-F]{64}$/.test(text)) return Buffer.from(text, 'hex');
  const decoded = Buffer.from(text, 'base64');
  return decoded.length === 32 && /^[A-Za-z0-9+/_-]+=*$/.test(text) ? decoded : null;
}
