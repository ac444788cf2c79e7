import { ConflictError } from '../../common/errors';
import { isSealed, SecretBox } from '../../common/secret-box';

/**
 * Endpoint signing secrets at rest: sealed with PLUGIN_SECRETS_KEY (AES-256-GCM, as plugins' secret
 * options are), so a database dump or a replica does not hand out the keys partners verify our
 * signatures with. Secrets stored before sealing applied (`whsec_...` in clear) are still read as
 * they are; the next rotation seals them. Without a key (production with PLUGIN_SECRETS_KEY unset)
 * nothing new can be sealed, so creating an endpoint or rotating its secret is refused.
 */
export class EndpointSecrets {
  private readonly box: SecretBox | null;

  constructor(key: Buffer | null) {
    this.box = key ? new SecretBox(key) : null;
  }

  seal(secret: string): string {
    if (!this.box) {
      throw new ConflictError(
        'Set PLUGIN_SECRETS_KEY (openssl rand -hex 32) first: outbound webhook secrets are stored sealed with it',
      );
    }
    return this.box.encrypt(secret);
  }

  /** The `whsec_...` secret a stored value holds. */
  open(stored: string): string {
    if (!isSealed(stored)) return stored;
    if (!this.box) throw new Error('An outbound webhook secret is sealed but PLUGIN_SECRETS_KEY is not set');
    return this.box.decrypt(stored);
  }
}
