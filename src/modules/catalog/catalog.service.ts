import type { EntityManager } from 'typeorm';
import { BadUserInputError, NotFoundError } from '../../common/errors';
import type { RequestContext } from '../../common/request-context';
import type { Database } from '../../data/database';
import type { AuditService } from '../audit';
import type { CatalogRepository } from './catalog.repository';
import type { Product } from './product.entity';
import type { ProductAttribute, ProductFilter, UpsertProductInput } from './product.types';
import { clock } from '../../common/clock';

/** The product catalog shared by orders (line categories), earning rules and recommendations. */
export class CatalogService {
  constructor(
    private readonly db: Database,
    private readonly repository: CatalogRepository,
    private readonly audit: AuditService,
  ) {}

  async bySku(sku: string): Promise<Product> {
    const [product] = await this.repository.findBySkus(this.db.manager, [sku]);
    if (!product) throw new NotFoundError('Product', sku);
    return product;
  }

  /** Resolves the SKUs of a basket; an unknown one is BAD_USER_INPUT naming the line. */
  async resolveSkus(manager: EntityManager, skus: string[], field = 'lines'): Promise<Map<string, Product>> {
    const found = new Map(
      (await this.repository.findBySkus(manager, [...new Set(skus)])).map((p) => [p.sku, p]),
    );
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
