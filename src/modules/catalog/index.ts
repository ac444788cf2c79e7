import type { Database } from '../../data/database';
import type { ActivityService } from '../activity';
import type { AuditService } from '../audit';
import type { MemberDataRegistry } from '../privacy';
import { CatalogRepository } from './catalog.repository';
import { CatalogResolver } from './catalog.resolver';
import { CatalogService } from './catalog.service';
import { Product } from './product.entity';

export { Product, CatalogService };
export { createCatalogLoaders } from './catalog.loaders';
export const catalogEntities = [Product];

export function createCatalogModule(deps: {
  db: Database;
  audit: AuditService;
  activity: ActivityService;
  memberData: MemberDataRegistry;
}) {
  const service = new CatalogService(deps.db, new CatalogRepository(), deps.audit);
  return { service, resolvers: [new CatalogResolver(service)] };
}

// Used by other contexts.
export { productAttributes } from './catalog.service';
export { CatalogRepository };
export { SKU_PATTERN, UpsertProductInput } from './product.types';
