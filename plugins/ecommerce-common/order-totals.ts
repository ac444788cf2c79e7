import type { PluginOrderLine } from '@loyalty-bff/plugin-sdk';

export interface PlatformLine {
  sku: string;
  quantity: number;
  unitPriceMinor: number;
}

export interface PlatformTotals {
  /** Lines after every discount, before tax and shipping (the platform's subtotal). */
  merchandiseMinor: number;
  /** Tax to add on top; 0 when prices include tax. */
  taxMinor: number;
  totalMinor: number;
}

/**
 * Maps a platform's order amounts onto the core's rule `total = lines after discounts + shipping + tax`.
 * Platforms report discounts per order as well as per line, so the difference between the lines'
 * gross and the subtotal is spread over the lines in proportion to their value (largest remainder, so
 * it adds up to the minor unit); whatever the total holds beyond lines and tax is shipping (and fees).
 * A total below lines + tax (rare rounding on the platform) becomes extra discount, never a negative.
 */
export function reconcileTotals(
  lines: PlatformLine[],
  totals: PlatformTotals,
): { lines: PluginOrderLine[]; shippingMinor: number; taxMinor: number; totalMinor: number } {
  const gross = lines.map((l) => l.quantity * l.unitPriceMinor);
  const grossSum = gross.reduce((a, b) => a + b, 0);
  const taxMinor = Math.max(0, Math.min(totals.taxMinor, totals.totalMinor));
  const merchandise = Math.max(0, Math.min(totals.merchandiseMinor, grossSum, totals.totalMinor - taxMinor));
  const discounts = spread(grossSum - merchandise, gross);
  return {
    lines: lines.map((line, i) => ({ ...line, discountMinor: discounts[i] })),
    shippingMinor: totals.totalMinor - taxMinor - merchandise,
    taxMinor,
    totalMinor: totals.totalMinor,
  };
}

/** Splits `amount` over `weights` proportionally; each share ≤ its weight, shares sum to `amount`. */
export function spread(amount: number, weights: number[]): number[] {
  const total = weights.reduce((a, b) => a + b, 0);
  if (amount <= 0 || total === 0) return weights.map(() => 0);
  amount = Math.min(amount, total);
  const exact = weights.map((w) => (amount * w) / total);
  const shares = exact.map(Math.floor);
  let left = amount - shares.reduce((a, b) => a + b, 0);
  const order = exact.map((e, i) => ({ i, r: e - Math.floor(e) })).sort((a, b) => b.r - a.r || a.i - b.i);
  for (const { i } of order) {
    if (left === 0) break;
    if (shares[i] < weights[i]) {
      shares[i]++;
      left--;
    }
  }
  return shares;
}
