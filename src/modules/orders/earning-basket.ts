import type { Product } from '../catalog';
import type { EarningBasket } from '../earning';
import type { MemberTier } from '../tiers';
import { lineTotal } from './order.rules';

export interface BasketLine {
  sku: string;
  quantity: number;
  unitPriceMinor: number;
  discountMinor: number;
}

/**
 * What the earning rules see of an order: lines with the catalog's category (an order's own
 * category claims are not trusted), totals after discounts, the channel, the store and the tier.
 * previewPoints and recordOrder build it the same way, so a preview always matches the recording.
 */
export function earningBasket(input: {
  memberId: number | null;
  at: Date;
  channel: string;
  storeId: string | null;
  currency: string;
  lines: BasketLine[];
  products: Map<string, Product>;
  tier: MemberTier | null;
}): EarningBasket {
  const lines = input.lines.map((line) => {
    const product = input.products.get(line.sku)!;
    return {
      sku: line.sku,
      productId: product.id,
      category: product.category,
      quantity: line.quantity,
      unitPriceMinor: line.unitPriceMinor,
      lineTotalMinor: lineTotal(line),
    };
  });
  return {
    memberId: input.memberId,
    at: input.at,
    channel: input.channel,
    storeId: input.storeId,
    currency: input.currency,
    lines,
    totalMinor: lines.reduce((sum, line) => sum + line.lineTotalMinor, 0),
    tier: input.tier && {
      code: input.tier.code,
      name: input.tier.name,
      earnMultiplier: input.tier.earnMultiplier,
    },
  };
}
