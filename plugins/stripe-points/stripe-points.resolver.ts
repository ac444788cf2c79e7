import { Arg, Ctx, Mutation, Query, Resolver } from 'type-graphql';
import { pluginError, type PluginPointsPayment, type PluginResolverAccess } from '@loyalty-bff/plugin-sdk';
import type { StripePointsOptions } from './stripe-points.options';
import {
  StripePointsAuthoriseInput,
  StripePointsPayment,
  StripePointsPaymentStatus,
  StripePointsQuote,
  StripePointsQuoteInput,
  StripePointsRefundInput,
} from './stripe-points.types';

const CHECKOUT = { roles: ['member', 'staff', 'admin'] as const };
const BACK_OFFICE = { roles: ['staff', 'admin'] as const };

/**
 * Pay with points at a Stripe checkout: the points part is a hold on the core ledger named by the
 * PaymentIntent, captured when the card part succeeds (webhook or `stripePointsCapture`), released
 * when it is cancelled or when nobody captures it in time (the core's hold-expiry job).
 */
@Resolver()
export class StripePointsResolver {
  constructor(private readonly access: PluginResolverAccess<StripePointsOptions>) {}

  @Query(() => StripePointsQuote)
  async stripePointsQuote(
    @Arg('input') input: StripePointsQuoteInput,
    @Ctx() context: unknown,
  ): Promise<StripePointsQuote> {
    const ctx = await this.access.context(context, { roles: [...CHECKOUT.roles] });
    const memberId = Number(input.memberId);
    ctx.caller.assertMayActFor(memberId);
    return ctx.payments.quote({ memberId, amountMinor: input.amountMinor, currency: input.currency });
  }

  @Query(() => StripePointsPayment, { nullable: true })
  async stripePointsPayment(
    @Arg('paymentIntentId') paymentIntentId: string,
    @Ctx() context: unknown,
  ): Promise<StripePointsPayment | null> {
    const ctx = await this.access.context(context, { roles: [...CHECKOUT.roles] });
    const payment = await ctx.payments.get(paymentIntentId);
    if (!payment) return null;
    ctx.caller.assertMayActFor(payment.memberId);
    return view(payment);
  }

  @Mutation(() => StripePointsPayment)
  async stripePointsAuthorise(
    @Arg('input') input: StripePointsAuthoriseInput,
    @Ctx() context: unknown,
  ): Promise<StripePointsPayment> {
    const ctx = await this.access.context(context, { roles: [...CHECKOUT.roles] });
    const memberId = Number(input.memberId);
    ctx.caller.assertMayActFor(memberId);
    return view(
      await ctx.payments.authorise({
        memberId,
        reference: input.paymentIntentId,
        amountMinor: input.amountMinor,
        currency: input.currency,
        ttlSeconds: input.ttlSeconds ?? undefined,
        // The caller's key, scoped by member: two members' checkouts never share a key.
        idempotencyKey: `${memberId}:${input.idempotencyKey}`,
      }),
    );
  }

  @Mutation(() => StripePointsPayment, { description: 'Spends the held points, once' })
  async stripePointsCapture(
    @Arg('paymentIntentId') paymentIntentId: string,
    @Ctx() context: unknown,
  ): Promise<StripePointsPayment> {
    const ctx = await this.access.context(context, { roles: [...BACK_OFFICE.roles] });
    await this.existing(ctx, paymentIntentId);
    return view(await ctx.payments.capture(paymentIntentId));
  }

  /**
   * Staff only: the PaymentIntent may be confirmed at Stripe at any moment, and a member releasing
   * their own hold just before it succeeds would keep both the points and the discount. A member's
   * abandoned checkout ends by payment_intent.canceled or the hold's expiry.
   */
  @Mutation(() => StripePointsPayment, {
    description: 'Gives the held points back (checkout abandoned); staff only',
  })
  async stripePointsRelease(
    @Arg('paymentIntentId') paymentIntentId: string,
    @Ctx() context: unknown,
  ): Promise<StripePointsPayment> {
    const ctx = await this.access.context(context, { roles: [...BACK_OFFICE.roles] });
    await this.existing(ctx, paymentIntentId);
    return view(await ctx.payments.release(paymentIntentId));
  }

  @Mutation(() => StripePointsPayment, { description: 'Gives back part or all of captured points' })
  async stripePointsRefund(
    @Arg('input') input: StripePointsRefundInput,
    @Ctx() context: unknown,
  ): Promise<StripePointsPayment> {
    const ctx = await this.access.context(context, { roles: [...BACK_OFFICE.roles] });
    await this.existing(ctx, input.paymentIntentId);
    return view(
      await ctx.payments.refund({
        reference: input.paymentIntentId,
        amountMinor: input.amountMinor ?? null,
        idempotencyKey: input.idempotencyKey,
      }),
    );
  }

  private async existing(
    ctx: { payments: { get(reference: string): Promise<PluginPointsPayment | null> } },
    paymentIntentId: string,
  ): Promise<PluginPointsPayment> {
    const payment = await ctx.payments.get(paymentIntentId);
    if (!payment) {
      throw pluginError('NOT_FOUND', `No points payment for ${paymentIntentId}`, {
        entity: 'StripePointsPayment',
        id: paymentIntentId,
      });
    }
    return payment;
  }
}

function view(payment: PluginPointsPayment): StripePointsPayment {
  return {
    paymentIntentId: payment.reference,
    memberId: String(payment.memberId),
    points: payment.points,
    refundedPoints: payment.refundedPoints,
    status: payment.status as StripePointsPaymentStatus,
    expiresAt: payment.expiresAt,
    available: payment.balance.available,
  };
}
