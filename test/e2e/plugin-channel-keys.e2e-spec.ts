import type { PluginContext, PluginDefinition } from '../../src/plugin-system/plugin-definition';
import { registerMember } from '../harness/members.fixtures';
import { createTestEnvironment, type TestEnvironment } from '../harness/test-environment';

/**
 * Plugins reach members through the plugin context, not GraphQL inputs, so the channel rule ("POS" is
 * the channel "pos") must hold there too: a connector's lookups and links mean what the API's do.
 */
describe('channel keys sent by plugins are matched whatever their case', () => {
  let env: TestEnvironment;
  let staff: string;
  let plugin: PluginContext;

  beforeAll(async () => {
    env = await createTestEnvironment();
    staff = await env.staffToken();
    const definition: PluginDefinition = {
      name: 'channel-probe',
      version: '1.0.0',
      core: '*',
      kind: 'other',
      permissions: ['members:read', 'members:link'],
    };
    plugin = env.app.plugins.host.context({ definition, options: {} });
  });
  afterAll(() => env.stop());

  const memberByIdentity = (channel: string, externalId: string) =>
    env.gql<{ memberByChannelIdentity: { id: string } }>(
      `query ($channel: String!, $externalId: String!) { memberByChannelIdentity(channel: $channel, externalId: $externalId) { id } }`,
      { channel, externalId },
      staff,
    );

  it('finds a member by an identity whose channel the plugin spells in upper case', async () => {
    const member = await registerMember(env, {
      channelIdentities: [{ channel: 'pos', externalId: 'CARD-7' }],
    });

    const found = await plugin.members.findByIdentity(' POS ', 'CARD-7');

    expect(found).toMatchObject({ id: Number(member.id) });
  });

  it('stores an identity a plugin links in upper case under the lower-case channel', async () => {
    const member = await registerMember(env);

    await plugin.members.linkIdentity(Number(member.id), { channel: 'Web-Shop', externalId: 'W-42' });

    const response = await memberByIdentity('web-shop', 'W-42');
    expect(response.errors).toBeUndefined();
    expect(response.data!.memberByChannelIdentity.id).toBe(member.id);
  });

  it('refuses a channel that is no channel key once normalised', async () => {
    await expect(plugin.members.findByIdentity('point of sale', 'CARD-7')).rejects.toMatchObject({
      extensions: { code: 'BAD_USER_INPUT' },
    });
  });
});
