/* eslint-disable @typescript-eslint/no-explicit-any -- GraphQL answers are read loosely in tests, as in test/ */
import {
  createPluginTestEnvironment,
  type PluginTestEnvironment,
} from '../../../src/plugin-system/testing/plugin-test-kit';
import { Raw } from 'typeorm';
import { registerMember } from '../../../test/harness/members.fixtures';
import { StripePointsEarning } from '../stripe-points-payment.entity';
import { balanceOf, expectLedgerConsistent, givePoints } from '../../../test/harness/points.fixtures';
import {
  nextId,
  paymentIntent,
  refundedCharge,
  STRIPE_SECRET,
  stripeEvent,
  stripeHeaders,
} from './stripe.samples';

const PAYMENT_FIELDS = 'paymentIntentId memberId points refundedPoints status available';

describe('Stripe payment points', () => {
  let env: PluginTestEnvironment;

  const send = (body: string, headers = stripeHeaders(body)) => env.webhook('stripe-points', body, headers);
  const deliver = async (body: string) => {
    const response = await send(body);
    expect(response.status).toBe(200);
    await env.drainDeliveries();
    return response;
  };
  const deliveries = async () =>
    Number(
      (
        (await env.app.db.dataSource.query(
          `SELECT COUNT(*) AS n FROM webhook_delivery WHERE plugin = 'stripe-points'`,
        )) as { n: number }[]
      )[0].n,
    );
  const linkStripeCustomer = async (memberId: string, customer: string) => {
    const response = await env.gql(
      `mutation ($id: ID!, $e: String!) { linkChannelIdentity(memberId: $id, identity: { channel: "stripe", externalId: $e }) { id } }`,
      { id: memberId, e: customer },
      await env.staffToken(),
    );
    expect(response.errors).toBeUndefined();
  };

  beforeAll(async () => {
    env = await createPluginTestEnvironment({
      plugins: ['stripe-points'],
      configure: { 'stripe-points': { webhookSecret: STRIPE_SECRET, pointsPerUnit: 2 } },
    });
  });
  afterAll(() => env.stop());

  describe('webhook verification', () => {
    it('accepts a delivery signed by the official stripe library and refuses a wrong secret with nothing written', async () => {
      const member = await registerMember(env);
      const body = stripeEvent(
        'payment_intent.succeeded',
        paymentIntent({ amount: 1000, memberId: member.id }),
      );
      const before = await deliveries();
      const forged = await send(body, stripeHeaders(body, { secret: 'whsec_someone_elses_secret_0000' }));
      expect(forged.status).toBe(401);
      expect(await deliveries()).toBe(before);
      expect((await send(body)).status).toBe(200);
      expect(await deliveries()).toBe(before + 1);
    });

    it('accepts a header carrying several v1 signatures when one of them matches (a rolling secret)', async () => {
      const body = stripeEvent('payment_intent.canceled', paymentIntent({ amount: 100 }));
      const t = Math.floor(Date.now() / 1000);
      const good = stripeHeaders(body, { timestamp: t })['stripe-signature'].split(',')[1];
      const other = stripeHeaders(body, { timestamp: t, secret: 'whsec_the_old_secret_000000000' })[
        'stripe-signature'
      ].split(',')[1];
      const response = await send(body, {
        'content-type': 'application/json',
        'stripe-signature': `t=${t},${other},${good}`,
      });
      expect(response.status).toBe(200);
    });

    it('refuses a signature older than the 300 s tolerance, a missing header and an unknown event type', async () => {
      const body = stripeEvent('payment_intent.succeeded', paymentIntent({ amount: 100 }));
      const stale = await send(body, stripeHeaders(body, { timestamp: Math.floor(Date.now() / 1000) - 301 }));
      expect(stale.status).toBe(401);
      expect(stale.body.error).toMatch(/tolerance/);
      expect((await send(body, { 'content-type': 'application/json' } as any)).status).toBe(401);
      const unknown = stripeEvent('customer.created', { id: 'cus_1' });
      const refused = await send(unknown);
      expect(refused.status).toBe(400);
      expect(refused.body.error).toMatch(/Unknown event type customer.created/);
    });

    it('refuses a body changed after signing', async () => {
      const body = stripeEvent('payment_intent.succeeded', paymentIntent({ amount: 100 }));
      const headers = stripeHeaders(body);
      expect((await send(body.replace('"amount":100', '"amount":900'), headers)).status).toBe(401);
    });
  });

  describe('earning and reversing', () => {
    it('earns for a linked Stripe customer once, however often and under however many event ids it arrives', async () => {
      const member = await registerMember(env);
      await linkStripeCustomer(member.id, 'cus_linked_1');
      const intent = paymentIntent({ amount: 12_345, customer: 'cus_linked_1' });
      const body = stripeEvent('payment_intent.succeeded', intent);
      await deliver(body);
      const again = await send(body);
      expect(again.body.duplicate).toBe(true);
      await deliver(stripeEvent('payment_intent.succeeded', intent));
      // 123.45 EUR × 2 points per euro = 246.9 → 246.
      expect((await balanceOf(env, member.id)).available).toBe(246);
      await expectLedgerConsistent(env, member.id);
    });

    it('earns by metadata.member_id and links the Stripe customer to that member', async () => {
      const member = await registerMember(env);
      await deliver(
        stripeEvent(
          'payment_intent.succeeded',
          paymentIntent({ amount: 500, customer: 'cus_new_2', memberId: member.id }),
        ),
      );
      expect((await balanceOf(env, member.id)).available).toBe(10);
      const linked = await env.gql<{ memberByChannelIdentity: { id: string } }>(
        `query { memberByChannelIdentity(channel: "stripe", externalId: "cus_new_2") { id } }`,
        {},
        await env.staffToken(),
      );
      expect(linked.data!.memberByChannelIdentity.id).toBe(member.id);
    });

    it('earns nothing for a payment whose member is unknown', async () => {
      const body = stripeEvent(
        'payment_intent.succeeded',
        paymentIntent({ amount: 500, memberId: '99999999' }),
      );
      await deliver(body);
      const rows = (await env.app.db.dataSource.query(
        `SELECT COUNT(*) AS n FROM stripe_points_payment WHERE memberId = 99999999`,
      )) as { n: number }[];
      expect(Number(rows[0].n)).toBe(0);
    });

    it('reverses in proportion to amount_refunded, cumulatively, and a repeated refund event takes nothing more', async () => {
      const member = await registerMember(env);
      const intent = paymentIntent({ amount: 10_000, memberId: member.id });
      await deliver(stripeEvent('payment_intent.succeeded', intent));
      expect((await balanceOf(env, member.id)).available).toBe(200);
      const pi = intent.id as string;
      await deliver(
        stripeEvent(
          'charge.refunded',
          refundedCharge({ paymentIntent: pi, amount: 10_000, refunded: 2_500 }),
        ),
      );
      expect((await balanceOf(env, member.id)).available).toBe(150);
      // The same state again under another event id, then the full refund twice.
      await deliver(
        stripeEvent(
          'charge.refunded',
          refundedCharge({ paymentIntent: pi, amount: 10_000, refunded: 2_500 }),
        ),
      );
      const full = stripeEvent(
        'charge.refunded',
        refundedCharge({ paymentIntent: pi, amount: 10_000, refunded: 10_000 }),
      );
      await deliver(full);
      await send(full);
      await env.drainDeliveries();
      expect((await balanceOf(env, member.id)).available).toBe(0);
      await expectLedgerConsistent(env, member.id);
    });

    it("records a refund as a REVERSE of the payment's earning, taken from that earning's own points first", async () => {
      const member = await registerMember(env);
      // Older points first: oldest-first spending would take these; a refund must take the payment's.
      await givePoints(env, member.id, 100);
      const intent = paymentIntent({ amount: 10_000, memberId: member.id });
      await deliver(stripeEvent('payment_intent.succeeded', intent));
      await deliver(
        stripeEvent(
          'charge.refunded',
          refundedCharge({ paymentIntent: intent.id as string, amount: 10_000, refunded: 5_000 }),
        ),
      );
      const entries = (await env.app.db.dataSource.query(
        'SELECT id, type, points FROM ledger_entry WHERE memberId = ? ORDER BY id',
        [Number(member.id)],
      )) as { id: number; type: string; points: number }[];
      const earn = entries.find((e) => e.type === 'EARN' && Math.abs(Number(e.points)) === 200)!;
      const refunds = entries.filter((e) => entries.indexOf(e) > entries.indexOf(earn));
      expect(refunds.map((e) => [e.type, Math.abs(Number(e.points))])).toEqual([['REVERSE', 100]]);
      const takenFrom = (await env.app.db.dataSource.query(
        'SELECT lot.entryId AS entryId, a.points AS points FROM lot_allocation a JOIN points_lot lot ON lot.id = a.lotId WHERE a.entryId = ?',
        [refunds[0].id],
      )) as { entryId: number; points: number }[];
      expect(takenFrom.map((a) => [Number(a.entryId), Number(a.points)])).toEqual([[Number(earn.id), 100]]);
      expect((await balanceOf(env, member.id)).available).toBe(200);
      await expectLedgerConsistent(env, member.id);
    });

    it('takes a refund that arrives before its payment back once the payment is recorded', async () => {
      const member = await registerMember(env);
      const intent = paymentIntent({ amount: 10_000, memberId: member.id });
      const pi = intent.id as string;
      await deliver(
        stripeEvent(
          'charge.refunded',
          refundedCharge({ paymentIntent: pi, amount: 10_000, refunded: 5_000 }),
        ),
      );
      const [waiting] = (await env.app.db.dataSource.query(
        `SELECT status, lastError FROM webhook_delivery WHERE plugin = 'stripe-points' AND topic = 'charge.refunded' AND body LIKE ?`,
        [`%${pi}%`],
      )) as { status: string; lastError: string }[];
      expect(waiting).toMatchObject({
        status: 'PENDING',
        lastError: expect.stringMatching(/before its payment/),
      });
      await deliver(stripeEvent('payment_intent.succeeded', intent));
      for (let i = 0; i < 4; i++) {
        await new Promise((resolve) => setTimeout(resolve, 100 * (i + 1)));
        await env.drainDeliveries();
      }
      expect((await balanceOf(env, member.id)).available).toBe(100);
      await expectLedgerConsistent(env, member.id);
    });

    it('forgives what a refund cannot take back because the member already spent it, without going negative', async () => {
      const member = await registerMember(env);
      const intent = paymentIntent({ amount: 5_000, memberId: member.id });
      await deliver(stripeEvent('payment_intent.succeeded', intent));
      const spend = await env.gql(
        `mutation ($input: AdjustPointsInput!) { adjustPoints(input: $input) { points } }`,
        {
          input: {
            memberId: member.id,
            points: -80,
            reason: 'spent elsewhere',
            idempotencyKey: nextId('adj'),
          },
        },
        await env.staffToken(),
      );
      expect(spend.errors).toBeUndefined();
      await deliver(
        stripeEvent(
          'charge.refunded',
          refundedCharge({ paymentIntent: intent.id as string, amount: 5_000, refunded: 5_000 }),
        ),
      );
      expect((await balanceOf(env, member.id)).available).toBe(0);
      const [row] = (await env.app.db.dataSource.query(
        `SELECT pointsReversed, pointsUncollected FROM stripe_points_payment WHERE paymentIntentId = ?`,
        [intent.id],
      )) as { pointsReversed: number; pointsUncollected: number }[];
      expect({ reversed: Number(row.pointsReversed), uncollected: Number(row.pointsUncollected) }).toEqual({
        reversed: 20,
        uncollected: 80,
      });
      await expectLedgerConsistent(env, member.id);
    });
  });

  describe('pay with points at checkout', () => {
    const authorise = async (token: string, input: Record<string, unknown>) =>
      env.gql<{ stripePointsAuthorise: any }>(
        `mutation ($input: StripePointsAuthoriseInput!) { stripePointsAuthorise(input: $input) { ${PAYMENT_FIELDS} expiresAt } }`,
        { input },
        token,
      );

    it('quotes, holds for the PaymentIntent and captures once when the card part succeeds', async () => {
      const member = await registerMember(env);
      await givePoints(env, member.id, 5_000);
      const token = await env.memberToken(member.id);
      const quote = await env.gql<{ stripePointsQuote: any }>(
        `query { stripePointsQuote(input: { memberId: "${member.id}", amountMinor: 1500, currency: "EUR" }) { points sufficient available } }`,
        {},
        token,
      );
      // The programme's default rate: 100 points per euro.
      expect(quote.data!.stripePointsQuote).toEqual({ points: 1500, sufficient: true, available: 5000 });
      const pi = nextId('pi');
      const input = {
        memberId: member.id,
        paymentIntentId: pi,
        amountMinor: 1500,
        currency: 'EUR',
        idempotencyKey: 'checkout-1',
      };
      const held = await authorise(token, input);
      expect(held.data!.stripePointsAuthorise).toMatchObject({
        status: 'HELD',
        points: 1500,
        available: 3500,
      });
      // A retried authorisation answers the first hold, nothing more is held.
      expect((await authorise(token, input)).data!.stripePointsAuthorise.available).toBe(3500);
      // The card part succeeds: the webhook captures the points; Stripe sending it again changes nothing.
      const succeeded = stripeEvent(
        'payment_intent.succeeded',
        paymentIntent({ id: pi, amount: 2000, memberId: member.id }),
      );
      await deliver(succeeded);
      await deliver(
        stripeEvent('payment_intent.succeeded', paymentIntent({ id: pi, amount: 2000, memberId: member.id })),
      );
      const after = await env.gql<{ stripePointsPayment: any }>(
        `query { stripePointsPayment(paymentIntentId: "${pi}") { ${PAYMENT_FIELDS} } }`,
        {},
        token,
      );
      // 3,500 left after the 1,500 points, plus 40 earned on the 20 EUR paid by card.
      expect(after.data!.stripePointsPayment).toMatchObject({ status: 'CAPTURED', available: 3540 });
      const twice = await env.gql(
        `mutation { stripePointsCapture(paymentIntentId: "${pi}") { status } }`,
        {},
        await env.staffToken(),
      );
      expect(twice.errors![0].extensions!.code).toBe('CONFLICT');
      await expectLedgerConsistent(env, member.id);
    });

    it('refuses a member holding points of another member and a hold larger than the balance', async () => {
      const owner = await registerMember(env);
      const other = await registerMember(env);
      await givePoints(env, owner.id, 100);
      const base = { paymentIntentId: nextId('pi'), amountMinor: 50, currency: 'EUR', idempotencyKey: 'k-1' };
      const forbidden = await authorise(await env.memberToken(other.id), { ...base, memberId: owner.id });
      expect(forbidden.errors![0].extensions!.code).toBe('FORBIDDEN');
      const tooMuch = await authorise(await env.memberToken(owner.id), {
        ...base,
        memberId: owner.id,
        amountMinor: 5_000,
      });
      expect(tooMuch.errors![0].extensions!.code).toBe('INSUFFICIENT_POINTS');
      expect((await balanceOf(env, owner.id)).available).toBe(100);
    });

    it('releases the hold when the PaymentIntent is cancelled, and refunds part of a captured one', async () => {
      const member = await registerMember(env);
      await givePoints(env, member.id, 2_000);
      const token = await env.memberToken(member.id);
      const cancelled = nextId('pi');
      await authorise(token, {
        memberId: member.id,
        paymentIntentId: cancelled,
        amountMinor: 500,
        currency: 'EUR',
        idempotencyKey: 'a',
      });
      await deliver(stripeEvent('payment_intent.canceled', paymentIntent({ id: cancelled, amount: 100 })));
      expect((await balanceOf(env, member.id)).available).toBe(2_000);

      const paid = nextId('pi');
      await authorise(token, {
        memberId: member.id,
        paymentIntentId: paid,
        amountMinor: 1000,
        currency: 'EUR',
        idempotencyKey: 'b',
      });
      const staff = await env.staffToken();
      expect(
        (await env.gql(`mutation { stripePointsCapture(paymentIntentId: "${paid}") { status } }`, {}, staff))
          .data,
      ).toEqual({
        stripePointsCapture: { status: 'CAPTURED' },
      });
      const refund = await env.gql<{ stripePointsRefund: any }>(
        `mutation { stripePointsRefund(input: { paymentIntentId: "${paid}", amountMinor: 400, idempotencyKey: "r-1" }) { refundedPoints available } }`,
        {},
        staff,
      );
      expect(refund.data!.stripePointsRefund).toEqual({ refundedPoints: 400, available: 1_400 });
      await expectLedgerConsistent(env, member.id);
    });

    it('releases an abandoned hold by itself when its time is up', async () => {
      const member = await registerMember(env);
      await givePoints(env, member.id, 1_000);
      const pi = nextId('pi');
      await authorise(await env.memberToken(member.id), {
        memberId: member.id,
        paymentIntentId: pi,
        amountMinor: 300,
        currency: 'EUR',
        ttlSeconds: 30,
        idempotencyKey: 'abandoned',
      });
      expect((await balanceOf(env, member.id)).held).toBe(300);
      const job = env.app.core.jobs.find((j) => j.name === 'points-release-expired-holds')!;
      await job.run(new Date(Date.now() + 31_000));
      expect(await balanceOf(env, member.id)).toMatchObject({ available: 1_000, held: 0 });
      const payment = await env.gql<{ stripePointsPayment: any }>(
        `query { stripePointsPayment(paymentIntentId: "${pi}") { status } }`,
        {},
        await env.staffToken(),
      );
      expect(payment.data!.stripePointsPayment.status).toBe('EXPIRED');
      await expectLedgerConsistent(env, member.id);
    });

    it('lets only staff release a checkout hold, so a member cannot release it just before the card part succeeds', async () => {
      const member = await registerMember(env);
      await givePoints(env, member.id, 1_000);
      const token = await env.memberToken(member.id);
      const pi = nextId('pi');
      await authorise(token, {
        memberId: member.id,
        paymentIntentId: pi,
        amountMinor: 400,
        currency: 'EUR',
        idempotencyKey: 'own-release',
      });
      const release = `mutation { stripePointsRelease(paymentIntentId: "${pi}") { status available } }`;
      const refused = await env.gql(release, {}, token);
      expect(refused.errors![0].extensions!.code).toBe('FORBIDDEN');
      expect((await balanceOf(env, member.id)).held).toBe(400);
      await deliver(stripeEvent('payment_intent.succeeded', paymentIntent({ id: pi, amount: 600 })));
      expect(await balanceOf(env, member.id)).toMatchObject({ available: 600, held: 0 });
      const staff = await env.gql(release, {}, await env.staffToken());
      expect(staff.errors![0].extensions!.code).toBe('CONFLICT');
    });

    it('reports a succeeded payment whose hold had already expired: an activity event and a FAILED delivery', async () => {
      const member = await registerMember(env);
      await givePoints(env, member.id, 1_000);
      const pi = nextId('pi');
      await authorise(await env.memberToken(member.id), {
        memberId: member.id,
        paymentIntentId: pi,
        amountMinor: 300,
        currency: 'EUR',
        ttlSeconds: 30,
        idempotencyKey: 'missed',
      });
      const job = env.app.core.jobs.find((j) => j.name === 'points-release-expired-holds')!;
      await job.run(new Date(Date.now() + 31_000));
      await deliver(
        stripeEvent('payment_intent.succeeded', paymentIntent({ id: pi, amount: 500, memberId: member.id })),
      );
      const [delivery] = (await env.app.db.dataSource.query(
        `SELECT status, lastError FROM webhook_delivery WHERE plugin = 'stripe-points' AND body LIKE ? ORDER BY id DESC`,
        [`%${pi}%`],
      )) as { status: string; lastError: string }[];
      expect(delivery.status).toBe('FAILED');
      expect(delivery.lastError).toMatch(/Capture missed: PaymentIntent .* EXPIRED/);
      const events = (await env.app.db.dataSource.query(
        `SELECT type FROM activity_event WHERE memberId = ? AND type = 'stripe-points.capture-missed'`,
        [Number(member.id)],
      )) as { type: string }[];
      expect(events).toHaveLength(1);
      // The card part still earned: 5 EUR at 2 points per euro.
      expect((await balanceOf(env, member.id)).available).toBe(1_010);
    });

    it("gives the plugin a narrowed store and refuses to capture or release a hold that is not the plugin's own", async () => {
      const host = env.app.plugins.host;
      const ctx = host.context((await host.active('stripe-points'))!, 'test:narrowed');
      const earnings = ctx.store.repository(StripePointsEarning) as unknown as Record<string, unknown>;
      expect(earnings.manager).toBeUndefined();
      expect(earnings.query).toBeUndefined();
      expect(earnings.createQueryBuilder).toBeUndefined();
      await expect(
        ctx.store.repository(StripePointsEarning).findBy({ paymentIntentId: Raw(() => '1=1') }),
      ).rejects.toMatchObject({ extensions: { code: 'FORBIDDEN' } });
      // A checkout hold belongs to the core's payment API (purpose "payment"), not to plugin code.
      const member = await registerMember(env);
      await givePoints(env, member.id, 500);
      const pi = nextId('pi');
      await authorise(await env.memberToken(member.id), {
        memberId: member.id,
        paymentIntentId: pi,
        amountMinor: 200,
        currency: 'EUR',
        idempotencyKey: 'not-yours',
      });
      const [hold] = (await env.app.db.dataSource.query(`SELECT id FROM points_hold WHERE reference = ?`, [
        `stripe-points:${pi}`,
      ])) as { id: number }[];
      await expect(ctx.points.release(Number(hold.id), 'sneaky')).rejects.toMatchObject({
        extensions: { code: 'FORBIDDEN' },
      });
      await expect(ctx.points.capture(Number(hold.id))).rejects.toMatchObject({
        extensions: { code: 'FORBIDDEN' },
      });
      expect((await balanceOf(env, member.id)).held).toBe(200);
    });

    it('keeps partner API keys and anonymous callers out of the checkout operations', async () => {
      const anonymous = await env.gql(
        `query { stripePointsQuote(input: { memberId: "1", amountMinor: 1, currency: "EUR" }) { points } }`,
      );
      expect(anonymous.errors![0].extensions!.code).toBe('UNAUTHENTICATED');
      const issued = await env.gql<{ issuePartnerApiKey: { key: string } }>(
        `mutation { issuePartnerApiKey(input: { plugin: "stripe-points", label: "Checkout partner", scopes: ["points:hold"] }) { key } }`,
        {},
        await env.adminToken(),
      );
      const response = await env
        .http()
        .post('/graphql')
        .set('content-type', 'application/json')
        .set('x-api-key', issued.data!.issuePartnerApiKey.key)
        .send({
          query: `query { stripePointsQuote(input: { memberId: "1", amountMinor: 1, currency: "EUR" }) { points } }`,
        });
      expect(response.body.errors[0].extensions.code).toBe('FORBIDDEN');
    });
  });
});
