import {
  errorCode,
  isActiveMembership,
  parseJsonLossless,
  permanentFailure,
  retryLater,
  type PluginContext,
  type PluginDelivery,
  clock,
} from '@loyalty-bff/plugin-sdk';
import { StripePointsEarning } from './stripe-points-payment.entity';
import { channelOf, type StripePointsOptions } from './stripe-points.options';
import type { StripeCharge, StripeEvent, StripePaymentIntent } from './stripe-points.payloads';
import type { StripeEventType } from './stripe-points.webhook';
import { stripeCurrencyDigits } from './stripe-currency';

type Ctx = PluginContext<StripePointsOptions>;
/** The member of a payment row without a member (no member 0 exists). */
const NO_MEMBER = 0;

/** Runs in the background for each stored event; every branch is idempotent (see README). */
export async function handleStripeEvent(ctx: Ctx, delivery: PluginDelivery): Promise<void> {
  const event = parseJsonLossless(delivery.rawBody) as StripeEvent;
  switch (delivery.topic as StripeEventType) {
    case 'payment_intent.succeeded': {
      const intent = event.data.object as unknown as StripePaymentIntent;
      const missed = await captureCheckoutPoints(ctx, intent);
      await earnOnPayment(ctx, intent);
      if (missed) await captureMissed(ctx, intent, missed);
      return;
    }
    case 'payment_intent.canceled':
      return releaseCheckoutPoints(ctx, event.data.object as unknown as StripePaymentIntent);
    case 'charge.refunded':
      return reverseOnRefund(ctx, event.data.object as unknown as StripeCharge);
    default:
      throw permanentFailure(`Unhandled event type ${delivery.topic}`);
  }
}

/**
 * Points for the amount received: floor(amount / 10^digits × pointsPerUnit), once per PaymentIntent,
 * with Stripe's decimals for the currency (HUF counts in hundredths on Stripe, JPY in yen).
 */
export function pointsFor(amountMinor: number, currency: string, pointsPerUnit: number): number {
  const unit = 10 ** stripeCurrencyDigits(currency);
  return Math.floor((amountMinor * pointsPerUnit) / unit);
}

async function earnOnPayment(ctx: Ctx, intent: StripePaymentIntent): Promise<void> {
  if (!intent.id?.startsWith('pi_') || !Number.isInteger(intent.amount_received) || !intent.currency) {
    throw permanentFailure('Not a PaymentIntent');
  }
  const memberId = await payingMember(ctx, intent.customer, intent.metadata);
  if (memberId === null) {
    ctx.logger.info('payment without a known member: no points', { paymentIntent: intent.id });
  }
  // A payment without a member still gets its row (member 0, no points): a refund arriving first
  // waits for it, and one arriving after knows there is nothing to take back.
  const points =
    memberId === null ? 0 : pointsFor(intent.amount_received, intent.currency, ctx.options.pointsPerUnit);
  await ctx.store.transaction(async (store) => {
    const earnings = store.repository(StripePointsEarning);
    // A second event about the same payment (another event id) finds the row and earns nothing.
    if (await earnings.findOneBy({ paymentIntentId: intent.id })) return;
    const now = clock.now();
    await earnings.insert({
      paymentIntentId: intent.id,
      memberId: memberId ?? NO_MEMBER,
      currency: intent.currency.toUpperCase(),
      amountMinor: intent.amount_received,
      pointsEarned: points,
      refundedMinor: 0,
      pointsReversed: 0,
      pointsUncollected: 0,
      createdAt: now,
      updatedAt: now,
    });
    if (memberId !== null && points > 0) {
      await store.points.earn({
        memberId,
        points,
        reason: `Paid ${intent.amount_received} ${intent.currency.toUpperCase()} minor units with Stripe`,
        reference: `payment:${intent.id}`,
        idempotencyKey: `earn:${intent.id}`,
      });
    }
  });
}

/**
 * A refund takes back round(earned × refunded share) minus what earlier refunds took: charge.refunded
 * carries the cumulative amount_refunded, so events arriving twice or out of order move nothing more.
 * Points the member already spent are forgiven (recorded as uncollected), never taken below zero.
 */
async function reverseOnRefund(ctx: Ctx, charge: StripeCharge): Promise<void> {
  if (!charge.payment_intent || !Number.isInteger(charge.amount_refunded) || !(charge.amount > 0)) {
    throw permanentFailure('Not a charge with a PaymentIntent');
  }
  const known = await ctx.store
    .repository(StripePointsEarning)
    .findOneBy({ paymentIntentId: charge.payment_intent });
  if (!known) {
    // Stripe does not order events: payment_intent.succeeded may still be on its way.
    throw retryLater(`Refund of ${charge.payment_intent} before its payment_intent.succeeded`);
  }
  if (known.memberId === NO_MEMBER || known.pointsEarned === 0) {
    ctx.logger.info('refund of a payment that earned nothing', { paymentIntent: charge.payment_intent });
    return;
  }
  // Read before the transaction; if points are spent meanwhile the reversal fails and the delivery retries.
  const { available } = await ctx.points.balance(known.memberId);
  await ctx.store.transaction(async (store) => {
    const earnings = store.repository(StripePointsEarning);
    const row = (await earnings.findOneBy({ paymentIntentId: known.paymentIntentId }))!;
    const refunded = Math.min(charge.amount_refunded, charge.amount);
    if (refunded <= row.refundedMinor) return;
    const dueTotal = Math.round((row.pointsEarned * refunded) / charge.amount);
    const due = dueTotal - row.pointsReversed - row.pointsUncollected;
    const take = Math.max(0, Math.min(due, available));
    // Conditional on what was read: a concurrent refund event of the same payment changes nothing twice.
    const moved = await earnings.update(
      { paymentIntentId: row.paymentIntentId, refundedMinor: row.refundedMinor },
      {
        refundedMinor: refunded,
        pointsReversed: row.pointsReversed + take,
        pointsUncollected: row.pointsUncollected + Math.max(0, due - take),
        updatedAt: clock.now(),
      },
    );
    if (moved.affected !== 1)
      throw new Error('Another refund event of this payment is being applied; retrying');
    if (take > 0) {
      await store.points.reverse({
        memberId: row.memberId,
        points: take,
        reason: `Stripe refund of ${refunded}/${charge.amount} on ${charge.id}`,
        reference: `refund:${charge.id}`,
        idempotencyKey: `reverse:${row.paymentIntentId}:${refunded}`,
        // The earning of this payment (earnOnPayment's key): a REVERSE of it, not an adjustment.
        reverses: `earn:${row.paymentIntentId}`,
      });
    }
  });
}

/**
 * A points payment authorised for this PaymentIntent is captured when the card part succeeds.
 * Answers why it could not be (the hold was released or expired first: the member paid less than
 * the price by card and kept the points), or null when it was captured or there was no hold.
 */
async function captureCheckoutPoints(ctx: Ctx, intent: StripePaymentIntent): Promise<string | null> {
  const payment = await ctx.payments.get(intent.id);
  if (!payment || payment.status === 'CAPTURED') return null;
  if (payment.status !== 'HELD') return `its points hold was ${payment.status} before the payment succeeded`;
  try {
    await ctx.payments.capture(intent.id);
    return null;
  } catch (error) {
    if (errorCode(error) !== 'CONFLICT') throw error;
    const now = await ctx.payments.get(intent.id);
    // Captured meanwhile (staff, or a twin event): nothing was missed.
    if (now?.status === 'CAPTURED') return null;
    return `its points hold could not be captured: ${(error as Error).message}`;
  }
}

/**
 * Never silent: an activity event for the back office and a FAILED delivery saying why. The card
 * part's points were earned first, so only the missed capture is left for support to settle.
 */
async function captureMissed(ctx: Ctx, intent: StripePaymentIntent, reason: string): Promise<void> {
  const payment = await ctx.payments.get(intent.id);
  ctx.logger.error('points of a succeeded payment were not captured', { paymentIntent: intent.id, reason });
  await ctx.activity.publish({
    type: 'capture-missed',
    memberId: payment?.memberId ?? null,
    summary: `PaymentIntent ${intent.id} succeeded but ${reason}`,
    payload: { paymentIntent: intent.id, points: payment?.points ?? 0, status: payment?.status ?? null },
  });
  throw permanentFailure(`Capture missed: PaymentIntent ${intent.id} succeeded but ${reason}`);
}

async function releaseCheckoutPoints(ctx: Ctx, intent: StripePaymentIntent): Promise<void> {
  const payment = await ctx.payments.get(intent.id);
  if (payment?.status !== 'HELD') return;
  try {
    await ctx.payments.release(intent.id);
  } catch (error) {
    if (errorCode(error) !== 'CONFLICT') throw error;
  }
}

/** By linked Stripe customer first, then `metadata.member_id` (linking the customer when allowed). */
async function payingMember(
  ctx: Ctx,
  customer: string | null,
  metadata: Record<string, string> | null,
): Promise<number | null> {
  const channel = channelOf(ctx.options);
  if (customer) {
    const linked = await ctx.members.findByIdentity(channel, customer);
    if (linked) return isActiveMembership(linked) ? linked.id : null;
  }
  const declared = metadata?.member_id;
  if (!declared || !/^\d{1,12}$/.test(declared)) return null;
  const member = await ctx.members.findById(Number(declared));
  if (!member || !isActiveMembership(member)) return null;
  if (customer && (ctx.options.linkCustomers ?? true)) {
    try {
      await ctx.members.linkIdentity(member.id, { channel, externalId: customer });
    } catch (error) {
      // The customer belongs to another member: earn for the one the payment names, leave links alone.
      if (errorCode(error) !== 'CONFLICT') throw error;
      ctx.logger.warn('Stripe customer is linked to another member', { customer, member: member.id });
    }
  }
  return member.id;
}
