import Stripe from 'stripe';

export const STRIPE_SECRET = 'whsec_test_0123456789abcdefghijklmnop';

let sequence = 0;
const nextId = (prefix: string) => `${prefix}_${process.pid}x${++sequence}`;

/** An event as Stripe sends it: `{ id, object: "event", type, created, data: { object }, request }`. */
export function stripeEvent(type: string, object: Record<string, unknown>, id = nextId('evt')): string {
  return JSON.stringify({
    id,
    object: 'event',
    api_version: '2025-09-30.clover',
    created: Math.floor(Date.now() / 1000),
    livemode: false,
    pending_webhooks: 1,
    request: { id: nextId('req'), idempotency_key: null },
    type,
    data: { object },
  });
}

export function paymentIntent(input: {
  id?: string;
  amount: number;
  customer?: string | null;
  memberId?: string;
  currency?: string;
}): Record<string, unknown> {
  return {
    id: input.id ?? nextId('pi'),
    object: 'payment_intent',
    amount: input.amount,
    amount_received: input.amount,
    currency: input.currency ?? 'eur',
    customer: input.customer ?? null,
    metadata: input.memberId ? { member_id: input.memberId } : {},
    status: 'succeeded',
  };
}

export function refundedCharge(input: { paymentIntent: string; amount: number; refunded: number }) {
  return {
    id: `ch_${input.paymentIntent.slice(3)}`,
    object: 'charge',
    amount: input.amount,
    amount_refunded: input.refunded,
    refunded: input.refunded >= input.amount,
    payment_intent: input.paymentIntent,
    currency: 'eur',
    customer: null,
    metadata: {},
  };
}

/** Headers exactly as Stripe signs a delivery, produced by the official library. */
export function stripeHeaders(payload: string, options: { secret?: string; timestamp?: number } = {}) {
  return {
    'content-type': 'application/json; charset=utf-8',
    'stripe-signature': Stripe.webhooks.generateTestHeaderString({
      payload,
      secret: options.secret ?? STRIPE_SECRET,
      timestamp: options.timestamp ?? Math.floor(Date.now() / 1000),
    }),
  };
}

export { nextId };
