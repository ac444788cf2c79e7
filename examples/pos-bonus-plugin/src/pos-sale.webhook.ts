import {
  hmacSha256Hex,
  permanentFailure,
  signaturesMatch,
  webhookError,
  type InboundWebhookRequest,
  type PluginContext,
  type PluginDelivery,
  type WebhookAcceptance,
} from '@loyalty-bff/plugin-sdk';
import type { PosBonusOptions } from './pos-bonus.options';
import { saleProblem, type PosSale } from './pos-sale';

/**
 * In the request, before anything is written: the till's signature (hex HMAC-SHA256 of the raw body in
 * `x-pos-signature`), then a body that is a sale. The sale id is the delivery id, so a till resending a
 * sale is deduplicated by the host.
 */
export function acceptSale(request: InboundWebhookRequest, options: PosBonusOptions): WebhookAcceptance {
  const signature = request.headers['x-pos-signature'];
  if (!signaturesMatch(hmacSha256Hex(options.webhookSecret, request.rawBody), signature))
    throw webhookError(401, 'x-pos-signature does not match the body');
  let body: unknown;
  try {
    body = JSON.parse(request.rawBody.toString('utf8'));
  } catch {
    throw webhookError(400, 'The body is not JSON');
  }
  const problem = saleProblem(body);
  if (problem) throw webhookError(400, `Not a sale: ${problem}`);
  return { kind: 'delivery', deliveryId: (body as PosSale).saleId, topic: 'sale' };
}

/** In the background, retried on failure: the sale becomes an order of the member whose card it was. */
export async function recordSale(
  ctx: PluginContext<PosBonusOptions>,
  delivery: PluginDelivery,
): Promise<void> {
  const sale = JSON.parse(delivery.rawBody) as PosSale;
  const member = sale.card ? await ctx.members.findByIdentity('pos', sale.card) : null;
  const linesTotal = sale.lines.reduce((sum, line) => sum + line.quantity * line.unitPriceMinor, 0);
  if (linesTotal !== sale.totalMinor)
    throw permanentFailure(`lines add up to ${linesTotal}, not ${sale.totalMinor}`);
  // The till knows products the catalogue may not have yet: add them, never overwriting the catalogue's.
  for (const line of sale.lines)
    await ctx.catalog.ensure({
      sku: line.sku,
      title: line.title,
      category: 'in-store',
      priceMinor: line.unitPriceMinor,
      currency: sale.currency,
    });
  await ctx.orders.record({
    channel: 'pos',
    externalOrderId: sale.saleId,
    memberId: member?.id ?? null,
    storeId: sale.storeId,
    currency: sale.currency,
    lines: sale.lines.map(({ sku, quantity, unitPriceMinor }) => ({ sku, quantity, unitPriceMinor })),
    shippingMinor: 0,
    taxMinor: 0,
    totalMinor: sale.totalMinor,
    purchasedAt: new Date(sale.purchasedAt),
  });
}
