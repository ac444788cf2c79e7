import { definePlugin } from '@loyalty-bff/plugin-sdk';
import { StripePoints1764000006100 } from './migrations/1764000006100-stripe-points';
import { StripePointsSqliteColumns1764000006101 } from './migrations/1764000006101-stripe-points-sqlite-columns';
import { StripePointsEarning } from './stripe-points-payment.entity';
import { handleStripeEvent } from './stripe-points.handlers';
import { StripePointsOptions } from './stripe-points.options';
import { StripePointsResolver } from './stripe-points.resolver';
import { acceptStripeEvent } from './stripe-points.webhook';

/**
 * Stripe payment points: payments earn (payment_intent.succeeded), refunds reverse in proportion
 * (charge.refunded), and the points part of a checkout is held, captured and released on the core's
 * pay-with-points holds. Webhooks at /webhooks/stripe-points, verified as Stripe signs them.
 */
export default definePlugin<StripePointsOptions>({
  name: 'stripe-points',
  version: '1.0.0',
  core: '^0.1.0',
  kind: 'payment',
  description: 'Stripe payments earn points; pay with points at a Stripe checkout',
  permissions: [
    'members:read',
    'members:link',
    'points:earn',
    'points:reverse',
    'points:hold',
    'activity:publish',
  ],
  options: StripePointsOptions,
  entities: [StripePointsEarning],
  migrations: [StripePoints1764000006100, StripePointsSqliteColumns1764000006101],
  webhooks: [{ path: '', accept: acceptStripeEvent, handle: handleStripeEvent }],
  resolvers: (access) => [new StripePointsResolver(access)],
  async health(ctx) {
    return ctx.options.webhookSecret
      ? { ok: true, message: 'ready for webhooks' }
      : { ok: false, message: 'no webhook secret' };
  },
});
