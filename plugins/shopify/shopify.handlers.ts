import {
  permanentFailure,
  type PluginContext,
  type PluginDelivery,
  clock,
  parseJsonLossless,
} from '@loyalty-bff/plugin-sdk';
import {
  catalogSku,
  categorySlug,
  channelOf,
  defaultCategoryOf,
  recordPlatformOrder,
  platformMoney,
  resolveMember,
} from '../ecommerce-common';
import type { ShopifyOptions } from './shopify.options';
import type {
  ShopifyCustomer,
  ShopifyOrder,
  ShopifyProduct,
  ShopifyRedact,
  ShopifyRefund,
} from './shopify.payloads';
import type { ShopifyTopic } from './shopify.webhook';

type Ctx = PluginContext<ShopifyOptions>;

/** Runs in the background for each stored delivery; every branch is idempotent (see README). */
export async function handleShopifyDelivery(ctx: Ctx, delivery: PluginDelivery): Promise<void> {
  const payload = parseJsonLossless(delivery.rawBody) as Record<string, unknown>;
  switch (delivery.topic as ShopifyTopic) {
    case 'orders/paid':
      return orderPaid(ctx, payload as unknown as ShopifyOrder);
    case 'orders/cancelled':
      return orderCancelled(ctx, payload as unknown as ShopifyOrder);
    case 'refunds/create':
      return refundCreated(ctx, payload as unknown as ShopifyRefund);
    case 'customers/create':
    case 'customers/update':
      return customerChanged(ctx, payload as unknown as ShopifyCustomer);
    case 'customers/redact':
      return customerRedact(ctx, payload as unknown as ShopifyRedact);
    case 'customers/data_request':
      return customerDataRequest(ctx, payload as unknown as ShopifyRedact);
    case 'products/create':
    case 'products/update':
      return productChanged(ctx, payload as unknown as ShopifyProduct);
    default:
      throw permanentFailure(`Unhandled topic ${delivery.topic}`);
  }
}

async function orderPaid(ctx: Ctx, order: ShopifyOrder): Promise<void> {
  if (order.test && !ctx.options.recordTestOrders) {
    ctx.logger.info('test order ignored', { order: String(order.id) });
    return;
  }
  if (!Array.isArray(order.line_items) || !order.currency) throw permanentFailure('Not an order payload');
  const channel = channelOf(ctx.options, 'shopify');
  const currency = order.currency;
  const memberId = order.customer?.id
    ? await resolveMember(
        ctx,
        {
          channel,
          externalId: String(order.customer.id),
          email: order.customer.email ?? order.email,
          emailVerified: order.customer.verified_email === true,
          firstName: order.customer.first_name,
          lastName: order.customer.last_name,
        },
        ctx.options.createMembers ?? false,
      )
    : null;
  const result = await recordPlatformOrder(
    ctx,
    {
      channel,
      externalOrderId: String(order.id),
      memberId,
      currency,
      purchasedAt: new Date(order.processed_at ?? order.created_at ?? clock.now().getTime()),
      lines: order.line_items.map((item) => ({
        sku: catalogSku('shopify', item.sku, item.variant_id ? `v${item.variant_id}` : `l${item.id}`),
        title: item.title ?? '',
        quantity: item.quantity,
        unitPriceMinor: platformMoney(item.price, currency),
      })),
      totals: {
        merchandiseMinor: platformMoney(order.subtotal_price, currency),
        taxMinor: order.taxes_included ? 0 : platformMoney(order.total_tax, currency),
        totalMinor: platformMoney(order.total_price, currency),
      },
    },
    defaultCategoryOf(ctx.options),
  );
  if (result) ctx.logger.info('order recorded', { order: String(order.id), points: result.pointsEarned });
}

/** Financial states of an order that was never paid, so never recorded: nothing to reverse. */
const NEVER_PAID = ['pending', 'authorized', 'voided', 'expired'];

async function orderCancelled(ctx: Ctx, order: ShopifyOrder): Promise<void> {
  if (NEVER_PAID.includes(order.financial_status ?? '') || (order.test && !ctx.options.recordTestOrders)) {
    ctx.logger.info('cancelled order was never recorded: nothing to reverse', { order: String(order.id) });
    return;
  }
  // An order paid but not recorded yet (orders/paid still on its way) is retried until it is.
  await ctx.orders.refund({
    channel: channelOf(ctx.options, 'shopify'),
    externalOrderId: String(order.id),
    refundId: 'cancelled',
    kind: 'CANCELLATION',
    reason: 'Cancelled in Shopify',
  });
}

/**
 * Points follow the merchandise refunded: the refunded lines' subtotals. A refund without lines
 * (shipping, or a goodwill amount) takes no points back.
 */
async function refundCreated(ctx: Ctx, refund: ShopifyRefund): Promise<void> {
  // Line subtotals are in the order's (shop) currency; a transaction's currency can be the
  // customer's presentment currency, whose decimals may differ (JPY paid for a EUR order).
  const currency =
    refund.refund_line_items?.find((l) => l.subtotal_set?.shop_money?.currency_code)?.subtotal_set?.shop_money
      ?.currency_code ?? ctx.options.currency;
  const amountMinor = (refund.refund_line_items ?? []).reduce(
    (sum, line) => sum + platformMoney(line.subtotal, currency),
    0,
  );
  if (amountMinor <= 0) {
    ctx.logger.info('refund without merchandise: no points to take back', { refund: String(refund.id) });
    return;
  }
  // Retried until orders/paid has recorded the order (Shopify does not order topics).
  await ctx.orders.refund({
    channel: channelOf(ctx.options, 'shopify'),
    externalOrderId: String(refund.order_id),
    refundId: String(refund.id),
    kind: 'REFUND',
    amountMinor,
    reason: refund.note?.slice(0, 255) ?? 'Refunded in Shopify',
  });
}

async function customerChanged(ctx: Ctx, customer: ShopifyCustomer): Promise<void> {
  if (!customer.id) throw permanentFailure('Not a customer payload');
  await resolveMember(
    ctx,
    {
      channel: channelOf(ctx.options, 'shopify'),
      externalId: String(customer.id),
      email: customer.email,
      emailVerified: customer.verified_email === true,
      firstName: customer.first_name,
      lastName: customer.last_name,
    },
    ctx.options.createMembers ?? false,
  );
}

/**
 * Shopify's mandatory privacy webhook. The shop asks to forget its customer, not the programme's
 * member: a member this channel created (joined through it) is erased; a member who joined elsewhere
 * and was linked to the Shopify customer only loses the link, and the request is logged for support.
 */
async function customerRedact(ctx: Ctx, request: ShopifyRedact): Promise<void> {
  const channel = channelOf(ctx.options, 'shopify');
  const externalId = String(request.customer.id);
  const member = await ctx.members.findByIdentity(channel, externalId);
  if (!member) return;
  if (member.joinChannel === channel) {
    await ctx.members.erase(member.id);
    return;
  }
  await ctx.members.unlinkIdentity(member.id, { channel, externalId });
  ctx.logger.warn('redact request for a member who joined elsewhere: identity unlinked, member kept', {
    member: member.id,
  });
  await ctx.activity.publish({
    type: 'customer-redact-unlinked',
    memberId: member.id,
    summary: `Shopify asked to redact customer ${externalId}: unlinked from member ${member.id}, who joined through ${member.joinChannel}`,
    payload: { customer: externalId },
  });
}

/** Recorded for support, who export the member's data (exportMemberData) and send it to the shop. */
async function customerDataRequest(ctx: Ctx, request: ShopifyRedact): Promise<void> {
  const member = await ctx.members.findByIdentity(
    channelOf(ctx.options, 'shopify'),
    String(request.customer?.id),
  );
  await ctx.activity.publish({
    type: 'customer-data-requested',
    memberId: member?.id ?? null,
    summary: `Shopify asked for a customer's data${member ? ` (member ${member.id})` : ' (no linked member)'}`,
    payload: { orders: (request.orders_requested ?? []).map(String) },
  });
}

async function productChanged(ctx: Ctx, product: ShopifyProduct): Promise<void> {
  const currency = ctx.options.currency;
  for (const variant of product.variants ?? []) {
    const variantTitle = variant.title && variant.title !== 'Default Title' ? ` - ${variant.title}` : '';
    await ctx.catalog.upsert({
      sku: catalogSku('shopify', variant.sku, `v${variant.id}`),
      title: `${product.title}${variantTitle}`,
      category: categorySlug(product.product_type, defaultCategoryOf(ctx.options)),
      priceMinor: platformMoney(variant.price, currency),
      currency,
      active: !product.status || product.status === 'active',
    });
  }
}
