import { permanentFailure, type PluginContext, type PluginDelivery, clock } from '@loyalty-bff/plugin-sdk';
import {
  catalogSku,
  categorySlug,
  channelOf,
  defaultCategoryOf,
  recordPlatformOrder,
  platformMoney,
  resolveMember,
} from '../ecommerce-common';
import type { WooCommerceOptions } from './woocommerce.options';
import type { WooCustomer, WooOrder, WooProduct } from './woocommerce.payloads';

type Ctx = PluginContext<WooCommerceOptions>;
const DEFAULT_PAID = ['processing', 'completed'];

export async function handleWooCommerceDelivery(ctx: Ctx, delivery: PluginDelivery): Promise<void> {
  const payload = JSON.parse(delivery.rawBody) as Record<string, unknown>;
  switch (delivery.topic) {
    case 'order.created':
    case 'order.updated':
      return orderChanged(ctx, payload as unknown as WooOrder);
    case 'customer.created':
    case 'customer.updated':
      return customerChanged(ctx, payload as unknown as WooCustomer);
    case 'product.created':
    case 'product.updated':
      return productChanged(ctx, payload as unknown as WooProduct);
    default:
      throw permanentFailure(`Unhandled topic ${delivery.topic}`);
  }
}

/**
 * WooCommerce sends the whole order on every change, so one handler covers the flows: a paid status
 * records it (idempotent), `cancelled` cancels it, and each entry of `refunds` (keyed by its id, so
 * a refund seen again changes nothing) takes back its merchandise share: the order snapshot lists a
 * refund's total only (tax and shipping included), so it is scaled by merchandise / order total and
 * capped at the merchandise left. WooCommerce gives no verified-email flag, so customers are never
 * linked to existing members by email.
 */
async function orderChanged(ctx: Ctx, order: WooOrder): Promise<void> {
  if (!Array.isArray(order.line_items) || !order.currency) throw permanentFailure('Not an order payload');
  const channel = channelOf(ctx.options, 'woocommerce');
  const currency = order.currency;
  const paid =
    (ctx.options.paidStatuses ?? DEFAULT_PAID).includes(order.status) ||
    order.status === 'refunded' ||
    !!order.date_paid_gmt;
  if (order.status === 'cancelled') {
    // Never paid: never recorded, nothing to reverse. Paid: the paid snapshot may still be on its
    // way (deliveries are not ordered), so a missing order is retried until it is recorded.
    if (!order.date_paid_gmt) return;
    await ctx.orders.refund({
      channel,
      externalOrderId: String(order.id),
      refundId: 'cancelled',
      kind: 'CANCELLATION',
      reason: 'Cancelled in WooCommerce',
    });
    return;
  }
  if (!paid) return;
  const memberId =
    order.customer_id > 0
      ? await resolveMember(
          ctx,
          {
            channel,
            externalId: String(order.customer_id),
            email: order.billing?.email,
            firstName: order.billing?.first_name,
            lastName: order.billing?.last_name,
          },
          ctx.options.createMembers ?? false,
        )
      : null;
  const lines = order.line_items.map((item) => {
    const gross = platformMoney(item.subtotal, currency);
    return {
      sku: catalogSku(
        'woocommerce',
        item.sku,
        item.variation_id ? `v${item.variation_id}` : `p${item.product_id}`,
      ),
      title: item.name,
      quantity: item.quantity,
      // WooCommerce gives line amounts for all units; a unit price rounded up keeps discounts ≥ 0.
      unitPriceMinor: item.quantity > 0 ? Math.ceil(gross / item.quantity) : 0,
      netMinor: platformMoney(item.total, currency),
    };
  });
  const merchandise = lines.reduce((sum, line) => sum + line.netMinor, 0);
  await recordPlatformOrder(
    ctx,
    {
      channel,
      externalOrderId: String(order.id),
      memberId,
      currency,
      purchasedAt: new Date(
        `${(order.date_paid_gmt ?? order.date_created_gmt ?? clock.now().toISOString()).replace(/Z?$/, 'Z')}`,
      ),
      lines: lines.map(({ netMinor: _net, ...line }) => line),
      totals: {
        merchandiseMinor: merchandise,
        taxMinor: platformMoney(order.total_tax, currency),
        totalMinor: platformMoney(order.total, currency),
      },
    },
    defaultCategoryOf(ctx.options),
  );
  let left = merchandise;
  const orderTotal = platformMoney(order.total, currency);
  for (const refund of [...(order.refunds ?? [])].sort((a, b) => a.id - b.id)) {
    const refunded = Math.abs(platformMoney(refund.total, currency));
    const share = orderTotal > 0 ? Math.round((refunded * merchandise) / orderTotal) : 0;
    const amountMinor = Math.min(share, left);
    left -= amountMinor;
    if (amountMinor <= 0) continue;
    await ctx.orders.refund({
      channel,
      externalOrderId: String(order.id),
      refundId: String(refund.id),
      kind: 'REFUND',
      amountMinor,
      reason: refund.reason?.slice(0, 255) || 'Refunded in WooCommerce',
    });
  }
}

async function customerChanged(ctx: Ctx, customer: WooCustomer): Promise<void> {
  if (!customer.id) throw permanentFailure('Not a customer payload');
  await resolveMember(
    ctx,
    {
      channel: channelOf(ctx.options, 'woocommerce'),
      externalId: String(customer.id),
      email: customer.email,
      firstName: customer.first_name,
      lastName: customer.last_name,
    },
    ctx.options.createMembers ?? false,
  );
}

async function productChanged(ctx: Ctx, product: WooProduct): Promise<void> {
  const currency = ctx.options.currency;
  await ctx.catalog.upsert({
    sku: catalogSku('woocommerce', product.sku, `p${product.id}`),
    title: product.name,
    category: categorySlug(product.categories?.[0]?.slug, defaultCategoryOf(ctx.options)),
    priceMinor: platformMoney(product.price || '0', currency),
    currency,
    active: !product.status || product.status === 'publish',
  });
}
