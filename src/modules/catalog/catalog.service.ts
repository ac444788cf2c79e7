import type { EntityManager } from 'typeorm';
import { BadUserInputError, NotFoundError } from '../../common/errors';
import type { RequestContext } from '../../common/request-context';
import type { Database } from '../../data/database';
import type { AuditService } from '../audit';
import type { CatalogRepository } from './catalog.repository';
import type { Product } from './product.entity';
import type { ProductAttribute, ProductFilter, UpsertProductInput } from './product.types';
import { clock } from '../../common/clock';
import { CONFIG_TTL_MS } from '../../common/config-cache';

/** Products kept for `resolveSkus` at most; past it the cache starts again (a catalog's hot head fits). */
const CACHED_PRODUCTS = 10_000;

/** The product catalog shared by orders (line categories), earning rules and recommendations. */
export class CatalogService {
  constructor(
    private readonly db: Database,
    private readonly repository: CatalogRepository,
    private readonly audit: AuditService,
  ) {}

  /**
   * Every order resolves its SKUs: products are kept a few seconds, as the programme configuration
   * is (src/common/config-cache.ts). A change through this process clears them at once, another
   * instance's is seen within CONFIG_TTL_MS; unknown SKUs are never cached (a product created a moment
   * ago is found at once).
   */
  private readonly bySkuCache = new Map<string, { product: Product; loadedAt: number }>();
  private cacheGeneration = 0;

  private invalidateProducts(): void {
    this.cacheGeneration += 1;
    this.bySkuCache.clear();
  }

  async bySku(sku: string): Promise<Product> {
    const [product] = await this.repository.findBySkus(this.db.manager, [sku]);
    if (!product) throw new NotFoundError('Product', sku);
    return product;
  }

  /** Resolves the SKUs of a basket; an unknown one is BAD_USER_INPUT naming the line. */
  async resolveSkus(manager: EntityManager, skus: string[], field = 'lines'): Promise<Map<string, Product>> {
    const found = new Map<string, Product>();
    const now = performance.now();
    for (const sku of skus) {
      const hit = this.bySkuCache.get(sku);
      if (hit && now - hit.loadedAt < CONFIG_TTL_MS) found.set(sku, hit.product);
    }
    const missing = [...new Set(skus.filter((sku) => !found.has(sku)))];
    if (missing.length) {
      const generation = this.cacheGeneration;
      const loaded = await this.repository.findBySkus(manager, missing);
      if (this.bySkuCache.size + loaded.length > CACHED_PRODUCTS) this.bySkuCache.clear();
      for (const product of loaded) {
        found.set(product.sku, product);
        // A read that started before a change in this process does not refill the cache with the old row.
        if (generation === this.cacheGeneration)
          this.bySkuCache.set(product.sku, { product, loadedAt: performance.now() });
      }
    }
    const problems = skus
      .map((sku, index) => ({ sku, index }))
      .filter(({ sku }) => !found.has(sku))
      .map(({ sku, index }) => ({ field: `${field}[${index}].sku`, messages: [`Unknown SKU ${sku}`] }));
    if (problems.length)
      throw new BadUserInputError(`Unknown SKU: ${problems.map((p) => p.messages[0]).join(', ')}`, problems);
    return found;
  }

  page(filter: ProductFilter, afterId: number | null, limit: number): Promise<Product[]> {
    return this.repository.page(this.db.manager, filter, afterId, limit);
  }

  async upsert(ctx: RequestContext, input: UpsertProductInput): Promise<Product> {
    assertUniqueAttributes(input.attributes);
    // Cleared before (reads in flight keep their rows to themselves) and after the commit (what was
    // read meanwhile was the row before the change).
    this.invalidateProducts();
    try {
      return await this.upsertWithin(ctx, input);
    } finally {
      this.invalidateProducts();
    }
  }

  private upsertWithin(ctx: RequestContext, input: UpsertProductInput): Promise<Product> {
    return this.db.transaction(async (manager) => {
      const [existing] = await this.repository.findBySkus(manager, [input.sku]);
      const now = clock.now();
      const values: Partial<Product> = {
        title: input.title.trim(),
        category: input.category,
        priceMinor: input.priceMinor,
        currency: input.currency,
        sustainable: input.sustainable,
        active: input.active,
        attributesJson: JSON.stringify(input.attributes),
        updatedAt: now,
      };
      let id: number;
      if (existing) {
        id = existing.id;
        await this.repository.update(manager, id, values);
      } else {
        id = await this.repository.insert(manager, { ...values, sku: input.sku, createdAt: now });
      }
      const [product] = await this.repository.findByIds(manager, [id]);
      await this.audit.record(ctx, manager, {
        action: existing ? 'product.update' : 'product.create',
        targetType: 'product',
        targetId: input.sku,
        before: existing ?? undefined,
        after: product,
      });
      return product;
    });
  }
}

export function productAttributes(product: Product): ProductAttribute[] {
  return JSON.parse(product.attributesJson) as ProductAttribute[];
}

function assertUniqueAttributes(attributes: ProductAttribute[]): void {
  const seen = new Set<string>();
  attributes.forEach((attribute, index) => {
    if (seen.has(attribute.name)) {
      throw BadUserInputError.field(
        `attributes[${index}].name`,
        `Attribute ${attribute.name} is listed twice`,
      );
    }
    seen.add(attribute.name);
  });
}
