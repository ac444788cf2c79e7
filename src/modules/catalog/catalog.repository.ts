import { withoutLikeWildcards } from '../../data/like-pattern';
import { In, type EntityManager } from 'typeorm';
import { Product } from './product.entity';
import type { ProductFilter } from './product.types';

export class CatalogRepository {
  findBySkus(manager: EntityManager, skus: readonly string[]): Promise<Product[]> {
    return skus.length ? manager.find(Product, { where: { sku: In([...skus]) } }) : Promise.resolve([]);
  }

  findByIds(manager: EntityManager, ids: readonly number[]): Promise<Product[]> {
    return ids.length ? manager.find(Product, { where: { id: In([...ids]) } }) : Promise.resolve([]);
  }

  /**
   * Active products, optionally within categories (exact) or under a category (itself or a
   * `category/...` path), as a subquery of ids: how another context filters its rows by product without
   * reading this table itself (`WHERE productId IN (<sql>)`). Parameter names start with `catalog`.
   */
  activeProductIdsSql(scope: { categories?: readonly string[] | null; category?: string | null }): {
    sql: string;
    parameters: Record<string, unknown>;
  } {
    const where = ['cp.active = :catalogActive'];
    const parameters: Record<string, unknown> = { catalogActive: true };
    if (scope.categories) {
      where.push(scope.categories.length ? 'cp.category IN (:...catalogCategories)' : '1 = 0');
      parameters.catalogCategories = scope.categories;
    }
    if (scope.category) {
      where.push('(cp.category = :catalogCategory OR cp.category LIKE :catalogPrefix)');
      parameters.catalogCategory = scope.category;
      parameters.catalogPrefix = `${withoutLikeWildcards(scope.category)}/%`;
    }
    return { sql: `SELECT cp.id FROM product cp WHERE ${where.join(' AND ')}`, parameters };
  }

  async insert(manager: EntityManager, values: Partial<Product>): Promise<number> {
    const result = await manager.insert(Product, values);
    return Number(result.identifiers[0].id);
  }

  async update(manager: EntityManager, id: number, values: Partial<Product>): Promise<void> {
    await manager.update(Product, { id }, values);
  }

  page(
    manager: EntityManager,
    filter: ProductFilter,
    afterId: number | null,
    limit: number,
  ): Promise<Product[]> {
    const query = manager.createQueryBuilder(Product, 'p').orderBy('p.id', 'ASC').limit(limit);
    if (filter.category) query.andWhere('p.category = :category', { category: filter.category });
    if (filter.sustainable !== undefined && filter.sustainable !== null) {
      query.andWhere('p.sustainable = :sustainable', { sustainable: filter.sustainable });
    }
    if (filter.search) {
      const prefix = `${withoutLikeWildcards(filter.search)}%`;
      query.andWhere('(p.title LIKE :prefix OR p.sku LIKE :prefix)', { prefix });
    }
    if (afterId !== null) query.andWhere('p.id > :afterId', { afterId });
    return query.getMany();
  }
}
