import { randomBytes } from 'node:crypto';
import { issueToken } from '../../src/auth/token-issuer';
import { SHOPIFY_SECRET } from '../../plugins/shopify/test/shopify.samples';
import { createTestEnvironment, type TestEnvironment } from '../harness/test-environment';

// A plugin secret committed to this repository (a test sample) verifies webhooks anyone could forge.
describe('plugin secrets that are publicly known', () => {
  let env: TestEnvironment;
  let admin: string;
  const configure = (clientSecret: string) =>
    env.gql(
      `mutation ($options: JSONObject!) { configurePlugin(name: "shopify", options: $options) { name secretsSet } }`,
      { options: { clientSecret, currency: 'EUR' } },
      admin,
    );

  beforeAll(async () => {
    // Production refuses the test harness's public JWT secret too, so this server gets a fresh one.
    const jwtSecret = randomBytes(32).toString('hex');
    env = await createTestEnvironment({
      env: {
        NODE_ENV: 'production',
        JWT_SECRET: jwtSecret,
        PLUGINS: 'shopify',
        PLUGIN_SECRETS_KEY: randomBytes(32).toString('hex'),
      },
    });
    admin = await issueToken(jwtSecret, { role: 'admin', subject: 'admin-1', expiresIn: '1h' });
    const installed = await env.gql(`mutation { installPlugin(name: "shopify") { name } }`, {}, admin);
    expect(installed.errors).toBeUndefined();
  });
  afterAll(() => env.stop());

  it('refuses a secret option set to a value committed to the repository in production', async () => {
    const response = await configure(SHOPIFY_SECRET);

    expect(response.errors![0].extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      fields: [{ field: 'clientSecret', messages: [expect.stringMatching(/publicly known/)] }],
    });
  });

  it('accepts a secret of its own', async () => {
    const response = await configure(`shpss_${randomBytes(16).toString('hex')}`);

    expect(response.errors).toBeUndefined();
    expect(response.data).toEqual({ configurePlugin: { name: 'shopify', secretsSet: ['clientSecret'] } });
  });
});
