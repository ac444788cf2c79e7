import { errorCode, type PluginContext } from '@loyalty-bff/plugin-sdk';
import { ensureLineProducts } from './catalog-mapping';
import { reconcileTotals, type PlatformTotals } from './order-totals';

export interface PlatformOrder {
  channel: string;
  externalOrderId: string;
  memberId: number | null;
  currency: string;
  purchasedAt: Date;
  lines: { sku: string; title: string; quantity: number; unitPriceMinor: number }[];
  totals: PlatformTotals;
}

/**
 * Records a paid platform order: placeholder products for unknown SKUs, totals reconciled to the
 * core's rule, then `orders.record`, idempotent on (channel, external id). A later delivery for the
 * same order with other content (an order edited after payment) is IDEMPOTENCY_MISMATCH in the core:
 * the first recording stands, the edit is logged, and the delivery counts as processed.
 */
export async function recordPlatformOrder(
  ctx: PluginContext,
  order: PlatformOrder,
  defaultCategory: string,
): Promise<{ orderId: number; pointsEarned: number } | null> {
  const lines = order.lines.filter((line) => line.quantity > 0);
  if (lines.length === 0) {
    ctx.logger.info('order without lines: nothing to record', { order: order.externalOrderId });
    return null;
  }
  await ensureLineProducts(ctx, lines, order.currency, defaultCategory);
  const reconciled = reconcileTotals(lines, order.totals);
  try {
    return await ctx.orders.record({
      channel: order.channel,
      externalOrderId: order.externalOrderId,
      memberId: order.memberId,
      currency: order.currency,
      purchasedAt: order.purchasedAt,
      ...reconciled,
    });
  } catch (error) {
    if (errorCode(error) !== 'IDEMPOTENCY_MISMATCH') throw error;
    ctx.logger.warn('order changed after it was recorded: the first recording stands', {
      order: order.externalOrderId,
    });
    return null;
  }
}
