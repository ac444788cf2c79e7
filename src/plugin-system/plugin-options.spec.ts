import { randomBytes } from 'node:crypto';
import { IsArray, IsOptional, IsString } from 'class-validator';
import { PluginOptionsCodec } from './plugin-options';
import { SecretBox } from '../common/secret-box';
import { Secret } from './secret-option';

// Shaped like partner-exchange's options: a secret option can be a list of credentials.
class PartnerLikeOptions {
  @Secret()
  @IsArray()
  credentials: { code: string; sharedSecret: string }[];

  @IsOptional()
  @IsString()
  note?: string;
}

describe('plugin options holding publicly known secrets', () => {
  const codec = (refusePublicSecrets: boolean) =>
    new PluginOptionsCodec(new SecretBox(randomBytes(32)), { refusePublicSecrets });
  const committed = { credentials: [{ code: 'sky', sharedSecret: 'sky-shared-secret-0123456789' }] };

  it('refuses a committed value nested inside a secret option when public secrets are refused', async () => {
    const { problems } = await codec(true).validate(PartnerLikeOptions, committed);

    expect(problems).toEqual([
      { field: 'credentials', messages: [expect.stringMatching(/^credentials is a publicly known value/)] },
    ]);
  });

  it('leaves options that are not secrets alone, even when they hold a committed value', async () => {
    const values = { credentials: [], note: 'sky-shared-secret-0123456789' };

    expect((await codec(true).validate(PartnerLikeOptions, values)).problems).toEqual([]);
  });

  it('accepts committed values outside production, where the samples are used', async () => {
    expect((await codec(false).validate(PartnerLikeOptions, committed)).problems).toEqual([]);
  });
});
