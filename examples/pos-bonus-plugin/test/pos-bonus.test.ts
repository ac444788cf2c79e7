import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createPluginTestEnvironment, type PluginTestEnvironment } from '@loyalty-bff/plugin-testing';

/**
 * End to end against the real server, with this plugin installed the way an operator installs it:
 * PLUGINS names the npm package (POS_BONUS_PLUGIN overrides it, e.g. with a path to this folder).
 */
const PLUGIN = process.env.POS_BONUS_PLUGIN ?? '@example/pos-bonus-plugin';
const SECRET = 'till-secret-for-tests-only';

describe('POS bonus plugin', () => {
  let env: PluginTestEnvironment;

  before(async () => {
    env = await createPluginTestEnvironment({
      plugins: [PLUGIN],
      configure: { 'pos-bonus': { webhookSecret: SECRET, thresholdMinor: 10_000, bonusPoints: 250 } },
      now: '2026-03-02T10:00:00Z',
    });
  });
  after(() => env.stop());

  const memberWithCard = async (card: string): Promise<string> => {
    const answer = await env.graphql<{ registerMember: { id: string } }>(
      `mutation ($input: RegisterMemberInput!) { registerMember(input: $input) { id } }`,
      {
        input: {
          firstName: 'Grace',
          email: `${card}@example.com`,
          joinChannel: 'pos',
          channelIdentities: [{ channel: 'pos', externalId: card }],
        },
      },
      'staff',
    );
    assert.ok(answer.data, JSON.stringify(answer.errors));
    return answer.data.registerMember.id;
  };
  const sale = (saleId: string, card: string, totalMinor: number) =>
    JSON.stringify({
      saleId,
      card,
      storeId: 'store-12',
      currency: 'EUR',
      totalMinor,
      purchasedAt: new Date(env.now().getTime() - 3_600_000).toISOString(),
      lines: [{ sku: 'BASKET', title: 'A full basket', quantity: 1, unitPriceMinor: totalMinor }],
    });
  const send = (body: string, secret = SECRET) =>
    env.signedWebhook('pos-bonus', {
      path: 'sale',
      body,
      secret,
      signatureHeader: 'x-pos-signature',
      encoding: 'hex',
    });
  const available = async (memberId: string): Promise<number> => {
    const answer = await env.graphql<{ member: { points: { available: number } } }>(
      `query ($id: ID!) { member(id: $id) { points { available } } }`,
      { id: memberId },
      'staff',
    );
    assert.ok(answer.data, JSON.stringify(answer.errors));
    return answer.data.member.points.available;
  };

  it('refuses a sale whose signature does not match, before writing anything', async () => {
    const answer = await send(sale('S-0', 'CARD-0', 500), 'not-the-till-secret');
    assert.equal(answer.status, 401);
  });

  it('records a signed sale as an order of the card holder and adds the bonus to a big basket', async () => {
    const memberId = await memberWithCard('CARD-1');
    assert.equal((await send(sale('S-1', 'CARD-1', 12_000))).status, 200);
    await env.drainDeliveries();
    const before = await available(memberId);

    await env.dispatchEvents();

    assert.equal((await available(memberId)) - before, 250);
    await env.assertLedgerConsistent(memberId);
  });

  it('gives no bonus below the threshold', async () => {
    const memberId = await memberWithCard('CARD-2');
    await send(sale('S-2', 'CARD-2', 9_999));
    await env.drainDeliveries();
    const before = await available(memberId);

    await env.dispatchEvents();

    assert.equal(await available(memberId), before);
  });

  it('pays the bonus once when the till resends a sale and events are dispatched again', async () => {
    const memberId = await memberWithCard('CARD-3');
    await send(sale('S-3', 'CARD-3', 20_000));
    await env.drainDeliveries();
    await env.dispatchEvents();
    const once = await available(memberId);

    await send(sale('S-3', 'CARD-3', 20_000));
    await env.drainDeliveries();
    await env.dispatchEvents();

    assert.equal(await available(memberId), once);
    await env.assertLedgerConsistent(memberId);
  });
});
