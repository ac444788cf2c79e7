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
