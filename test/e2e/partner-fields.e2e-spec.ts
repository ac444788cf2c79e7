import {
  createPluginTestEnvironment,
  type PluginTestEnvironment,
} from '../../src/plugin-system/testing/plugin-test-kit';
import { registerMember } from '../harness/members.fixtures';
import { givePoints } from '../harness/points.fixtures';
import { orderInput, recordOrder, upsertProducts, createEarningRule } from '../harness/orders.fixtures';

/** A partner key's scopes hold on every field, not only on the operation it starts from. */
describe('partner API keys on nested fields', () => {
  let env: PluginTestEnvironment;
  let memberId: string;

  beforeAll(async () => {
    env = await createPluginTestEnvironment({
      plugins: ['shopify'],
      configure: { shopify: { clientSecret: 'shpss_test_client_secret_0123456789', currency: 'EUR' } },
    });
    await upsertProducts(env, [{ sku: 'P', category: 'tea' }]);
    await createEarningRule(env, {
      name: 'Base',
      kind: 'BASE_RATE',
      parameters: { pointsPerUnit: 1, unitAmountMinor: 100 },
    });
    memberId = (await registerMember(env)).id;
    await givePoints(env, memberId, 50);
    await recordOrder(env, orderInput(memberId, [['P', 1, 1000]]));
  });
  afterAll(() => env.stop());

  const keyWith = async (scopes: string[]) => {
    const response = await env.gql<any>(
      `mutation ($input: IssuePartnerApiKeyInput!) { issuePartnerApiKey(input: $input) { key } }`,
      { input: { plugin: 'shopify', label: `fields ${scopes.join(' ')}`, scopes } },
      await env.adminToken(),
    );
    return response.data.issuePartnerApiKey.key as string;
  };
  const asPartner = async (key: string, query: string, variables: Record<string, unknown> = {}) =>
    (
      await env
        .http()
        .post('/graphql')
        .set('content-type', 'application/json')
        .set('x-api-key', key)
        .send({ query, variables })
    ).body as { data?: any; errors?: { message: string; extensions: { code: string } }[] };

  it('lets members:read read profiles and identities but not orders, points or tiers', async () => {
    const key = await keyWith(['members:read']);
    const profile = await asPartner(
      key,
      `query ($id: ID!) { member(id: $id) { id email channelIdentities { channel } } }`,
      { id: memberId },
    );
    expect(profile.errors).toBeUndefined();
    expect(profile.data.member.id).toBe(memberId);

    for (const field of [
      'orders(first: 1) { edges { cursor } }',
      'points { available }',
      'pointsLedger(first: 1) { edges { cursor } }',
      'tier { since }',
    ]) {
      const response = await asPartner(key, `query ($id: ID!) { member(id: $id) { id ${field} } }`, {
        id: memberId,
      });
      expect(response.errors?.[0].extensions.code).toBe('FORBIDDEN');
    }
  });

  it('lets orders:read read orders but not the member behind them without members:read', async () => {
    const key = await keyWith(['orders:read']);
    const orders = await asPartner(
      key,
      `{ orders(first: 1) { edges { node { id totalMinor lines { sku } } } } }`,
    );
    expect(orders.errors).toBeUndefined();
    expect(orders.data.orders.edges).toHaveLength(1);
    const withMember = await asPartner(
      key,
      `{ orders(first: 1) { edges { node { id member { email } } } } }`,
    );
    expect(withMember.errors?.[0].extensions.code).toBe('FORBIDDEN');
    expect(withMember.errors?.[0].message).toBe('Order.member needs the members:read scope');
  });

  it('lets a key with both scopes follow members to their orders', async () => {
    const key = await keyWith(['members:read', 'orders:read']);
    const response = await asPartner(
      key,
      `query ($id: ID!) { member(id: $id) { orders(first: 5) { edges { node { pointsEarned } } } } }`,
      { id: memberId },
    );
    expect(response.errors).toBeUndefined();
    expect(response.data.member.orders.edges[0].node.pointsEarned).toBe(10);
  });
});
