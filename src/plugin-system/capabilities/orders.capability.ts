import { ErrorCode } from '../../common/errors';
import { RecordOrderInput, RefundKind, RefundOrderInput } from '../../modules/orders';
import type { PluginContext } from '../plugin-definition';
import { retryLater } from '../plugin-errors';
import { validated } from '../validate-input';
import { isCode, type CapabilityScope } from './capability-scope';

/** `ctx.orders`: record orders and refunds from a platform (orders:write). */
export function ordersCapability({ ctx, services, need }: CapabilityScope): PluginContext['orders'] {
  return {
    async record(input) {
      need('orders:write');
      const { memberId, ...rest } = input;
      const order = await services.orders.record(
        ctx,
        await validated(RecordOrderInput, {
          ...rest,
          lines: rest.lines.map((line) => ({ discountMinor: 0, ...line })),
        }),
        memberId,
      );
      return { orderId: order.id, pointsEarned: order.pointsEarned };
    },
    async refund(input) {
      need('orders:write');
      const refund = await validated(RefundOrderInput, {
        channel: input.channel,
        externalOrderId: input.externalOrderId,
        refundId: input.refundId,
        kind: input.kind === 'CANCELLATION' ? RefundKind.CANCELLATION : RefundKind.REFUND,
        amountMinor: input.amountMinor ?? undefined,
        reason: input.reason ?? undefined,
      });
      try {
        const { order, refund: done } = await services.orders.refund(ctx, refund);
        return { orderId: order.id, pointsReversed: done.pointsReversed };
      } catch (error) {
        // The refund came before its order (platforms do not keep order between topics): the
        // delivery backs off until the order is recorded, and fails visibly when attempts run out.
        if (isCode(error, ErrorCode.NOT_FOUND)) {
          throw retryLater(`Order ${input.channel}/${input.externalOrderId} is not recorded yet`);
        }
        throw error;
      }
    },
  };
}
