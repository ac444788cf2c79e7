import type { EntityManager, EntityTarget, ObjectLiteral } from 'typeorm';
import { ForbiddenError } from '../../common/errors';
import type { PluginContext, PluginEntityManager, PluginPoints } from '../plugin-definition';
import { pluginRepository } from '../plugin-repository';
import type { CapabilityScope } from './capability-scope';

/**
 * `ctx.store`: the plugin's own tables (the entities it declared, nothing else) and transactions in
 * which its rows and its points movements commit together.
 */
export function storeCapability(
  { name, db }: CapabilityScope,
  entities: readonly unknown[],
  pointsWithin: (manager: EntityManager) => PluginPoints,
): PluginContext['store'] {
  const ownEntities = new Set<unknown>(entities);
  const own = (manager: EntityManager): PluginEntityManager => ({
    repository<T extends ObjectLiteral>(entity: EntityTarget<T>) {
      if (!ownEntities.has(entity)) {
        throw new ForbiddenError(`Plugin "${name}" may only use its own entities`);
      }
      return pluginRepository(manager, entity, name);
    },
    points: pointsWithin(manager),
  });
  return {
    repository: (entity) => own(db.manager).repository(entity),
    transaction: (work) => db.transaction((manager) => work(own(manager))),
  };
}
