import type { PluginContext } from '@loyalty-bff/plugin-sdk';

const SKU_PATTERN = /^[A-Za-z0-9][\w.\-/]*$/;

/**
 * A platform SKU as a catalog SKU (letters, digits, `. - _ /`, at most 64): other characters become
 * `-`. A line or variant without a SKU gets a stable stand-in from the platform's ids
 * (`shopify-v<variant id>`), the same one its product feed uses, so later product updates land on it.
 */
export function catalogSku(platform: string, sku: string | null | undefined, fallbackId: string): string {
  const cleaned = (sku ?? '')
    .trim()
    .replace(/[^\w.\-/]/g, '-')
    .replace(/^[^A-Za-z0-9]+/, '')
    .slice(0, 64);
  return cleaned && SKU_PATTERN.test(cleaned) ? cleaned : `${platform}-${fallbackId}`.slice(0, 64);
}

/** A platform's product type or category as a catalog category slug, or the configured default. */
export function categorySlug(value: string | null | undefined, fallback: string): string {
  const slug = (value ?? '')
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[^a-z0-9/]+/g, '-')
    .replace(/^[-/]+|[-/]+$/g, '')
    .slice(0, 64);
  return slug || fallback;
}

/**
 * An order line whose SKU the catalog does not know yet (the order arrived before the product feed,
 * or the product was never synced) gets a placeholder product from the line itself: its title, unit
 * price and the default category. Earning rules by category then see the default category until the
 * product feed brings the real one. Existing products are never overwritten from an order line.
 */
export async function ensureLineProducts(
  ctx: PluginContext,
  lines: { sku: string; title: string; unitPriceMinor: number }[],
  currency: string,
  defaultCategory: string,
): Promise<void> {
  const seen = new Set<string>();
  for (const line of lines) {
    if (seen.has(line.sku)) continue;
    seen.add(line.sku);
    const added = await ctx.catalog.ensure({
      sku: line.sku,
      title: line.title || line.sku,
      category: defaultCategory,
      priceMinor: line.unitPriceMinor,
      currency,
    });
    if (added) ctx.logger.info('placeholder product added from an order line', { sku: line.sku });
  }
}
