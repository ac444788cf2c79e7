import type { PluginContext, PluginEvent } from '@loyalty-bff/plugin-sdk';
import type { PosBonusOptions } from './pos-bonus.options';

/**
 * After an order is committed (at least once, in order): a POS sale at or above the threshold earns the
 * bonus. The payload is typed by the SDK's event catalogue; the idempotency key makes a redelivered
 * event a no-op.
 */
export async function bonusForBigSale(
  ctx: PluginContext<PosBonusOptions>,
  event: PluginEvent<'order.recorded'>,
): Promise<void> {
  const order = event.payload;
  if (order.channel !== 'pos' || event.memberId === null) return;
  if (order.totalMinor < ctx.options.thresholdMinor) return;
  await ctx.points.earn({
    memberId: event.memberId,
    points: ctx.options.bonusPoints,
    reason: `POS bonus for sale ${order.externalOrderId}`,
    reference: `order:${order.orderId}`,
    idempotencyKey: `bonus:${order.orderId}`,
  });
}
