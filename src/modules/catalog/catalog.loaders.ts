import DataLoader from 'dataloader';
import type { Database } from '../../data/database';
import { CatalogRepository } from './catalog.repository';
import type { Product } from './product.entity';

const repository = new CatalogRepository();

export function createCatalogLoaders(db: Database) {
  return {
    productById: new DataLoader<number, Product | null>(async (ids) => {
      const byId = new Map((await repository.findByIds(db.manager, ids)).map((p) => [p.id, p]));
      return ids.map((id) => byId.get(id) ?? null);
    }),
  };
}
