import { ForbiddenError } from '../common/errors';
import type { Logger } from '../common/logger';
import type { RequestContext } from '../common/request-context';
import type { Core } from '../core';
import type { Database } from '../data/database';
import { activityCapability } from './capabilities/activity.capability';
import type { CapabilityScope } from './capabilities/capability-scope';
import { catalogCapability } from './capabilities/catalog.capability';
import { feedbackCapability } from './capabilities/feedback.capability';
import { membersCapability } from './capabilities/members.capability';
import { ordersCapability } from './capabilities/orders.capability';
import { pointsCapability, pointsWithin } from './capabilities/points.capability';
import { storeCapability } from './capabilities/store.capability';
import type { PluginContext, PluginDefinition } from './plugin-definition';
import { createPluginPayments } from './plugin-payments';
import type { PluginPermission } from './plugin-permissions';

export interface PluginContextDeps {
  db: Database;
  core: Core;
  logger: Logger;
}

/** The principal a plugin acts as: `system`, with its name, so audit entries say which plugin did it. */
export function pluginRequestContext(plugin: string, requestId: string): RequestContext {
  return { principal: { role: 'system', subject: `plugin:${plugin}`, plugin }, requestId };
}

/**
 * Builds the capability-scoped context a plugin's code receives, one capability per file in
 * `capabilities/`. Each method checks the plugin's declared permissions first and throws FORBIDDEN
 * naming the missing one; the plugin never sees a repository, an EntityManager or a service of the core.
 */
export function createPluginContext<O extends object>(
  definition: PluginDefinition<O>,
  options: O,
  deps: PluginContextDeps,
  requestId: string,
): PluginContext<O> {
  const name = definition.name;
  const ctx = pluginRequestContext(name, requestId);
  const granted = new Set<string>(definition.permissions);
  const need = (permission: PluginPermission) => {
    if (!granted.has(permission)) {
      throw new ForbiddenError(`Plugin "${name}" lacks the "${permission}" permission`);
    }
  };
  const scope: CapabilityScope = { name, ctx, services: deps.core.services, db: deps.db, need };
  const log = deps.logger.child({ plugin: name, requestId });
  // Every points movement runs in a caller's transaction: the plugin's own (store.transaction), so its
  // rows and the ledger commit together, or one opened for this call alone.
  const within = pointsWithin(scope, definition.kind);

  return {
    plugin: { name, version: definition.version },
    options,
    logger: {
      info: (message, details) => log.info(details ?? {}, message),
      warn: (message, details) => log.warn(details ?? {}, message),
      error: (message, details) => log.error(details ?? {}, message),
    },
    members: membersCapability(scope),
    orders: ordersCapability(scope),
    catalog: catalogCapability(scope),
    points: pointsCapability(scope, within),
    payments: createPluginPayments(name, ctx, deps, () => need('points:hold')),
    feedback: feedbackCapability(scope),
    activity: activityCapability(scope),
    store: storeCapability(scope, definition.entities ?? [], within),
  };
}
