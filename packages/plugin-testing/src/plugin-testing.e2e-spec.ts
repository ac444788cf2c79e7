import path from 'node:path';
import { createPluginTestEnvironment, type PluginTestEnvironment } from './index';

/**
 * The published kit, exercised the way a partner uses it, on the example partner plugin's sources
 * (Jest compiles them; CI also runs the example's own tests from its packed tarball, see
 * scripts/check-example-plugin.sh). Runs on SQLite, and on MariaDB with TEST_DATABASE_URL.
 */
const EXAMPLE = path.resolve(__dirname, '..', '..', '..', 'examples', 'pos-bonus-plugin', 'src');
const SECRET = 'till-secret-for-tests-only';

describe('the plugin test kit (@loyalty-bff/plugin-testing)', () => {
  let env: PluginTestEnvironment;

  beforeAll(async () => {
    env = await createPluginTestEnvironment({
      plugins: [EXAMPLE],
      configure: { 'pos-bonus': { webhookSecret: SECRET, thresholdMinor: 10_000, bonusPoints: 250 } },
      now: '2026-03-02T10:00:00Z',
    });
  });
  afterAll(() => env.stop());

  const registerWithCard = async (card: string) => {
    const answer = await env.graphql<{ registerMember: { id: string } }>(
      `mutation ($input: RegisterMemberInput!) { registerMember(input: $input) { id } }`,
      {
        input: {
          firstName: 'Grace',
          email: `${card.toLowerCase()}@example.com`,
          joinChannel: 'pos',
          channelIdentities: [{ channel: 'pos', externalId: card }],
        },
      },
      'staff',
    );
    return answer.data!.registerMember.id;
  };
  const saleBody = (saleId: string, card: string, totalMinor: number) =>
    JSON.stringify({
      saleId,
      card,
      storeId: 'store-12',
      currency: 'EUR',
      totalMinor,
      purchasedAt: new Date(env.now().getTime() - 3_600_000).toISOString(),
      lines: [{ sku: 'BASKET', title: 'A full basket', quantity: 1, unitPriceMinor: totalMinor }],
    });
  const pointsOf = async (memberId: string) =>
    (
      await env.graphql<{ member: { points: { available: number } } }>(
        `query ($id: ID!) { member(id: $id) { points { available } } }`,
        { id: memberId },
        'staff',
      )
    ).data!.member.points.available;

  it('boots the server with the plugin installed, configured and enabled', async () => {
    const answer = await env.graphql<{ plugins: { name: string; installed: boolean; enabled: boolean }[] }>(
      `{ plugins { name installed enabled } }`,
      {},
      'admin',
    );
    expect(answer.data?.plugins).toEqual(
      expect.arrayContaining([{ name: 'pos-bonus', installed: true, enabled: true }]),
    );
  });

  it('pins the server clock to `now`', () => {
    expect(env.now().toISOString().slice(0, 10)).toBe('2026-03-02');
  });

  it('signs and sends a webhook; a wrong secret is refused with 401', async () => {
    const body = saleBody('KIT-0', 'KIT-CARD-0', 100);
    const signed = await env.signedWebhook('pos-bonus', {
      path: 'sale',
      body,
      secret: SECRET,
      signatureHeader: 'x-pos-signature',
      encoding: 'hex',
    });
    const forged = await env.signedWebhook('pos-bonus', {
      path: 'sale',
      body,
      secret: 'someone-else-entirely',
      signatureHeader: 'x-pos-signature',
      encoding: 'hex',
    });
    expect([signed.status, forged.status]).toEqual([200, 401]);
  });

  it('runs event handlers only when told to dispatch, with the typed order.recorded payload', async () => {
    const memberId = await registerWithCard('KIT-CARD-1');
    await env.signedWebhook('pos-bonus', {
      path: 'sale',
      body: saleBody('KIT-1', 'KIT-CARD-1', 15_000),
      secret: SECRET,
      signatureHeader: 'x-pos-signature',
      encoding: 'hex',
    });
    await env.drainDeliveries();
    const beforeDispatch = await pointsOf(memberId);

    const report = await env.dispatchEvents();

    expect(report.eventsDelivered).toBeGreaterThanOrEqual(1);
    expect((await pointsOf(memberId)) - beforeDispatch).toBe(250);
    await env.assertLedgerConsistent(memberId);
  });

  it('mints a partner API key bound to the plugin, refusing scopes it was not granted', async () => {
    const key = await env.partnerKey('pos-bonus', ['members:read']);
    expect(key).toMatch(/^\S{20,}$/);
    await expect(env.partnerKey('pos-bonus', ['points:reverse'])).rejects.toThrow(/Scopes must be among/);
  });

  it('mints member tokens the server accepts; the ledger of a new member holds its invariants', async () => {
    const memberId = await registerWithCard('KIT-CARD-2');
    const me = await env.graphql<{ me: { id: string } }>(
      `{ me { id } }`,
      {},
      await env.memberToken(memberId),
    );
    expect(me.data?.me.id).toBe(memberId);
    await expect(env.assertLedgerConsistent(memberId)).resolves.toBeUndefined();
  });
});
