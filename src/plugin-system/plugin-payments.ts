import type { RequestContext } from '../common/request-context';
import {
  PointsHold,
  AuthorisePointsPaymentInput,
  QuotePointsPaymentInput,
  RefundPointsPaymentInput,
  type Movement,
} from '../modules/points';
import type { PluginContext, PluginPointsPayment } from './plugin-definition';
import type { PluginContextDeps } from './plugin-context';
import { validated } from './validate-input';

/** The purpose the core's pay-with-points API gives its holds (PointsService). */
const PAYMENT_PURPOSE = 'payment';

/**
 * Pay with points for a plugin: the core's PointsService payment operations (idempotency, audit, the
 * hold-expiry job) on references namespaced by the plugin, so two plugins never share a reference and
 * staff see `stripe-points:pi_1` in the ledger and in `capturePointsPayment`.
 */
export function createPluginPayments(
  plugin: string,
  ctx: RequestContext,
  deps: PluginContextDeps,
  need: () => void,
): PluginContext['payments'] {
  const points = deps.core.services.points;
  const prefix = `${plugin}:`;
  const namespaced = (reference: string) => `${prefix}${reference}`;
  const toPayment = async (hold: PointsHold, strip: string): Promise<PluginPointsPayment> => {
    const { available, pending, held } = await deps.core.services.ledger.balanceOf(
      deps.db.manager,
      hold.memberId,
    );
    return {
      reference: hold.reference.slice(strip.length),
      memberId: hold.memberId,
      points: hold.points,
      refundedPoints: hold.refundedPoints,
      status: hold.status as PluginPointsPayment['status'],
      expiresAt: hold.expiresAt,
      balance: { available, pending, held },
    };
  };

  const view = (movement: Movement) => toPayment(movement.hold!, prefix);

  return {
    async quote(input) {
      need();
      const valid = await validated(QuotePointsPaymentInput, { ...input, memberId: String(input.memberId) });
      return points.quotePayment(ctx, input.memberId, valid);
    },
    async authorise(input) {
      need();
      const valid = await validated(AuthorisePointsPaymentInput, {
        memberId: String(input.memberId),
        amountMinor: input.amountMinor,
        currency: input.currency,
        paymentReference: namespaced(input.reference),
        ttlSeconds: input.ttlSeconds ?? undefined,
        idempotencyKey: namespaced(input.idempotencyKey),
      });
      return view(await points.authorisePayment(ctx, input.memberId, valid));
    },
    async capture(reference) {
      need();
      return view(await points.capturePayment(ctx, namespaced(reference)));
    },
    async release(reference) {
      need();
      return view(await points.releasePayment(ctx, namespaced(reference)));
    },
    async refund(input) {
      need();
      const valid = await validated(RefundPointsPaymentInput, {
        paymentReference: namespaced(input.reference),
        amountMinor: input.amountMinor ?? undefined,
        idempotencyKey: namespaced(input.idempotencyKey),
      });
      await points.refundPayment(ctx, valid);
      // A refund's movement names the entry, not the hold: read the hold for its state after.
      const hold = await deps.db.manager.findOne(PointsHold, {
        where: { purpose: PAYMENT_PURPOSE, reference: valid.paymentReference },
      });
      return toPayment(hold!, prefix);
    },
    async get(reference) {
      need();
      const hold = await deps.db.manager.findOne(PointsHold, {
        where: { purpose: PAYMENT_PURPOSE, reference: namespaced(reference) },
      });
      return hold ? toPayment(hold, prefix) : null;
    },
  };
}
