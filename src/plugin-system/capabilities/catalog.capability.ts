import { ErrorCode } from '../../common/errors';
import { productAttributes, UpsertProductInput } from '../../modules/catalog';
import type { PluginContext } from '../plugin-definition';
import { validated } from '../validate-input';
import { isCode, type CapabilityScope } from './capability-scope';

/** `ctx.catalog`: keep products in step with a platform (catalog:write). */
export function catalogCapability({ ctx, services, need }: CapabilityScope): PluginContext['catalog'] {
  return {
    async upsert(product) {
      need('catalog:write');
      // The platform owns title, category, price and status; attributes and the sustainable flag are
      // curated in the programme, so an update keeps them.
      const existing = await services.catalog.bySku(product.sku).catch(() => null);
      await services.catalog.upsert(
        ctx,
        await validated(UpsertProductInput, {
          ...productInput(product),
          ...(existing ? { sustainable: existing.sustainable, attributes: productAttributes(existing) } : {}),
        }),
      );
    },
    async ensure(product) {
      need('catalog:write');
      try {
        await services.catalog.bySku(product.sku);
        return false;
      } catch (error) {
        if (!isCode(error, ErrorCode.NOT_FOUND)) throw error;
      }
      await services.catalog.upsert(ctx, await validated(UpsertProductInput, productInput(product)));
      return true;
    },
  };
}

function productInput(product: {
  sku: string;
  title: string;
  category: string;
  priceMinor: number;
  currency: string;
  active?: boolean;
}) {
  return {
    sku: product.sku,
    title: product.title.slice(0, 200),
    category: product.category,
    priceMinor: product.priceMinor,
    currency: product.currency,
    active: product.active ?? true,
    sustainable: false,
    attributes: [],
  };
}
