import type { EntityManager } from 'typeorm';
import { ForbiddenError } from '../../common/errors';
import { PointsHold, PointsSourceKind, type PointsSource } from '../../modules/points';
import type { PluginContext, PluginDefinition, PluginPoints } from '../plugin-definition';
import type { CapabilityScope } from './capability-scope';

/** Where a plugin's points come from in the ledger, by the kind of plugin it is. */
const SOURCE_KIND_BY_PLUGIN_KIND: Record<PluginDefinition['kind'], PointsSourceKind> = {
  ecommerce: PointsSourceKind.ORDER,
  payment: PointsSourceKind.PAYMENT,
  partner: PointsSourceKind.TRANSFER,
  survey: PointsSourceKind.BEHAVIOUR,
  other: PointsSourceKind.BEHAVIOUR,
};

/**
 * Points movements inside a given transaction (earn, reverse, hold, capture, release), each behind
 * its permission and with idempotency keys and hold purposes namespaced by the plugin: a plugin can
 * only name its own earnings and holds.
 */
export function pointsWithin(
  { name, services, need }: CapabilityScope,
  pluginKind: PluginDefinition['kind'],
): (manager: EntityManager) => PluginPoints {
  const source = (reference: string): PointsSource => ({
    kind: SOURCE_KIND_BY_PLUGIN_KIND[pluginKind],
    plugin: name,
    reference,
  });
  // A plugin's holds carry its name in their purpose (see hold below): another plugin's hold, or a
  // checkout hold of the core's payment API, is not this plugin's to capture or release.
  const ownHold = async (manager: EntityManager, holdId: number): Promise<PointsHold> => {
    const hold = await manager.findOne(PointsHold, { where: { id: holdId } });
    if (!hold || !hold.purpose.startsWith(`${name}:`)) {
      throw new ForbiddenError(`Points hold ${holdId} does not belong to plugin "${name}"`);
    }
    return hold;
  };
  return (manager) => ({
    async earn(movement) {
      need('points:earn');
      const result = await services.ledger.earn(manager, {
        memberId: movement.memberId,
        points: movement.points,
        reason: movement.reason,
        source: source(movement.reference),
        idempotencyKey: `${name}:${movement.idempotencyKey}`,
      });
      return { entryId: result.entryId };
    },
    async reverse(movement) {
      need('points:reverse');
      if (movement.reverses !== undefined) {
        // Namespaced like the earn's key (see earn above): a plugin can only name its own earnings.
        const reversed = await services.ledger.reverseEarning(manager, {
          memberId: movement.memberId,
          earnIdempotencyKey: `${name}:${movement.reverses}`,
          points: movement.points,
          reason: movement.reason,
          source: source(movement.reference),
          idempotencyKey: `${name}:${movement.idempotencyKey}`,
        });
        return { entryId: reversed.entryId };
      }
      const result = await services.ledger.adjust(manager, {
        memberId: movement.memberId,
        points: -movement.points,
        reason: movement.reason,
        source: source(movement.reference),
        idempotencyKey: `${name}:${movement.idempotencyKey}`,
      });
      return { entryId: result.entryId };
    },
    async hold(movement) {
      need('points:hold');
      const result = await services.ledger.hold(manager, {
        memberId: movement.memberId,
        points: movement.points,
        source: source(movement.reference),
        purpose: `${name}:${movement.purpose}`,
        reference: movement.reference,
        expiresAt: movement.expiresAt,
        idempotencyKey: `${name}:${movement.idempotencyKey}`,
      });
      return { holdId: result.holdId };
    },
    async capture(holdId) {
      need('points:hold');
      await ownHold(manager, holdId);
      await services.ledger.captureHold(manager, holdId, source(`hold:${holdId}`));
    },
    async release(holdId, reason) {
      need('points:hold');
      await ownHold(manager, holdId);
      await services.ledger.releaseHold(manager, holdId, reason);
    },
    async holdStatus(holdId) {
      need('points:hold');
      return (await ownHold(manager, holdId)).status as Awaited<ReturnType<PluginPoints['holdStatus']>>;
    },
  });
}

/**
 * `ctx.points`: each movement in a transaction of its own (inside `store.transaction` a plugin uses
 * the transaction's `points` instead, so its rows and the ledger commit together), and the balance.
 */
export function pointsCapability(
  scope: CapabilityScope,
  within: (manager: EntityManager) => PluginPoints,
): PluginContext['points'] {
  const { db, services, need } = scope;
  return {
    earn: (movement) => db.transaction((manager) => within(manager).earn(movement)),
    reverse: (movement) => db.transaction((manager) => within(manager).reverse(movement)),
    hold: (movement) => db.transaction((manager) => within(manager).hold(movement)),
    capture: (holdId) => db.transaction((manager) => within(manager).capture(holdId)),
    release: (holdId, reason) => db.transaction((manager) => within(manager).release(holdId, reason)),
    holdStatus: (holdId) => within(db.manager).holdStatus(holdId),
    async balance(memberId) {
      need('members:read');
      const { available, pending, held } = await services.ledger.balanceOf(db.manager, memberId);
      return { available, pending, held };
    },
  };
}
