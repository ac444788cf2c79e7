import type { EntityManager, EntityTarget, ObjectLiteral } from 'typeorm';
import { AppError, ErrorCode, ForbiddenError } from '../common/errors';
import type { Logger } from '../common/logger';
import type { RequestContext } from '../common/request-context';
import type { Core } from '../core';
import type { Database } from '../data/database';
import { ChannelIdentityInput, RegisterMemberInput } from '../modules/members';
import { MemberStatus } from '../modules/members';
import { RecordOrderInput, RefundOrderInput } from '../modules/orders';
import { RefundKind } from '../modules/orders';
import { UpsertProductInput } from '../modules/catalog';
import { productAttributes } from '../modules/catalog';
import { PointsSourceKind } from '../modules/points';
import type { PointsSource } from '../modules/points';
import type { Member } from '../modules/members';
import { PointsHold } from '../modules/points';
import { SubmitFeedbackInput } from '../modules/feedback';
import type {
  PluginContext,
  PluginDefinition,
  PluginEntityManager,
  PluginMember,
  PluginPoints,
} from './plugin-definition';
import { createPluginPayments } from './plugin-payments';
import { pluginRepository } from './plugin-repository';
import type { PluginPermission } from './plugin-permissions';
import { retryLater } from './plugin-errors';
import { validated } from './validate-input';

const SOURCE_KIND_BY_PLUGIN_KIND: Record<PluginDefinition['kind'], PointsSourceKind> = {
  ecommerce: PointsSourceKind.ORDER,
  payment: PointsSourceKind.PAYMENT,
  partner: PointsSourceKind.TRANSFER,
  survey: PointsSourceKind.BEHAVIOUR,
  other: PointsSourceKind.BEHAVIOUR,
};

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
 * Builds the capability-scoped context a plugin's code receives. Each method checks the plugin's
 * declared permissions first and throws FORBIDDEN naming the missing one; the plugin never sees a
 * repository, an EntityManager or a service of the core.
 */
export function createPluginContext<O extends object>(
  definition: PluginDefinition<O>,
  options: O,
  deps: PluginContextDeps,
  requestId: string,
): PluginContext<O> {
  const { db, core } = deps;
  const services = core.services;
  const name = definition.name;
  const ctx = pluginRequestContext(name, requestId);
  const granted = new Set<string>(definition.permissions);
  const need = (permission: PluginPermission) => {
    if (!granted.has(permission)) {
      throw new ForbiddenError(`Plugin "${name}" lacks the "${permission}" permission`);
    }
  };
  const source = (reference: string): PointsSource => ({
    kind: SOURCE_KIND_BY_PLUGIN_KIND[definition.kind],
    plugin: name,
    reference,
  });
  const log = deps.logger.child({ plugin: name, requestId });
  const ownEntities = new Set<unknown>(definition.entities ?? []);
  // Every points movement runs in a caller's transaction: the plugin's own (store.transaction), so its
  // rows and the ledger commit together, or one opened for this call alone.
  const pointsIn = (manager: EntityManager): PluginPoints => ({
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
  // A plugin's holds carry its name in their purpose (see hold above): another plugin's hold, or a
  // checkout hold of the core's payment API, is not this plugin's to capture or release.
  const ownHold = async (manager: EntityManager, holdId: number): Promise<PointsHold> => {
    const hold = await manager.findOne(PointsHold, { where: { id: holdId } });
    if (!hold || !hold.purpose.startsWith(`${name}:`)) {
      throw new ForbiddenError(`Points hold ${holdId} does not belong to plugin "${name}"`);
    }
    return hold;
  };
  const own = (manager: EntityManager): PluginEntityManager => ({
    repository<T extends ObjectLiteral>(entity: EntityTarget<T>) {
      if (!ownEntities.has(entity)) {
        throw new ForbiddenError(`Plugin "${name}" may only use its own entities`);
      }
      return pluginRepository(manager, entity, name);
    },
    points: pointsIn(manager),
  });

  return {
    plugin: { name, version: definition.version },
    options,
    logger: {
      info: (message, details) => log.info(details ?? {}, message),
      warn: (message, details) => log.warn(details ?? {}, message),
      error: (message, details) => log.error(details ?? {}, message),
    },
    members: {
      async findByIdentity(channel, externalId) {
        need('members:read');
        try {
          return toPluginMember(await services.members.getByIdentity(ctx, channel, externalId));
        } catch (error) {
          if (isCode(error, ErrorCode.NOT_FOUND)) return null;
          throw error;
        }
      },
      async findById(memberId) {
        need('members:read');
        try {
          return toPluginMember(await services.members.getById(ctx, memberId));
        } catch (error) {
          if (isCode(error, ErrorCode.NOT_FOUND)) return null;
          throw error;
        }
      },
      async findByEmail(email) {
        need('members:read');
        const { rows } = await services.members.search({ email }, null, 1);
        return rows[0] ? toPluginMember(rows[0]) : null;
      },
      async register(input) {
        need('members:write');
        const registration = await validated(RegisterMemberInput, {
          joinChannel: input.joinChannel,
          email: input.email ?? undefined,
          firstName: input.firstName || undefined,
          lastName: input.lastName || undefined,
          channelIdentities: [input.identity],
        });
        return toPluginMember(await services.members.register(ctx, registration));
      },
      async linkIdentity(memberId, identity) {
        need('members:link');
        await services.members.linkIdentity(ctx, memberId, identity);
      },
      async unlinkIdentity(memberId, identity) {
        need('members:link');
        try {
          await services.members.unlinkIdentity(
            ctx,
            memberId,
            await validated(ChannelIdentityInput, identity),
          );
        } catch (error) {
          if (!isCode(error, ErrorCode.NOT_FOUND)) throw error;
        }
      },
      async erase(memberId) {
        need('members:erase');
        try {
          await services.memberPrivacy.erase(ctx, memberId);
        } catch (error) {
          // Erasing twice is a retry here (a redelivered redact request), not a conflict.
          if (!isCode(error, ErrorCode.CONFLICT)) throw error;
        }
      },
    },
    orders: {
      async record(input) {
        need('orders:write');
        const { memberId, ...rest } = input;
        const order = await services.orders.record(
          ctx,
          await validated(RecordOrderInput, {
            ...rest,
            lines: rest.lines.map((line) => ({ discountMinor: 0, ...line })),
          }),
          memberId,
        );
        return { orderId: order.id, pointsEarned: order.pointsEarned };
      },
      async refund(input) {
        need('orders:write');
        const refund = await validated(RefundOrderInput, {
          channel: input.channel,
          externalOrderId: input.externalOrderId,
          refundId: input.refundId,
          kind: input.kind === 'CANCELLATION' ? RefundKind.CANCELLATION : RefundKind.REFUND,
          amountMinor: input.amountMinor ?? undefined,
          reason: input.reason ?? undefined,
        });
        try {
          const { order, refund: done } = await services.orders.refund(ctx, refund);
          return { orderId: order.id, pointsReversed: done.pointsReversed };
        } catch (error) {
          // The refund came before its order (platforms do not keep order between topics): the
          // delivery backs off until the order is recorded, and fails visibly when attempts run out.
          if (isCode(error, ErrorCode.NOT_FOUND)) {
            throw retryLater(`Order ${input.channel}/${input.externalOrderId} is not recorded yet`);
          }
          throw error;
        }
      },
    },
    catalog: {
      async upsert(product) {
        need('catalog:write');
        // The platform owns title, category, price and status; attributes and the sustainable flag are
        // curated in the programme, so an update keeps them.
        const existing = await services.catalog.bySku(product.sku).catch(() => null);
        await services.catalog.upsert(
          ctx,
          await validated(UpsertProductInput, {
            ...productInput(product),
            ...(existing
              ? { sustainable: existing.sustainable, attributes: productAttributes(existing) }
              : {}),
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
    },
    points: {
      earn: (movement) => db.transaction((manager) => pointsIn(manager).earn(movement)),
      reverse: (movement) => db.transaction((manager) => pointsIn(manager).reverse(movement)),
      hold: (movement) => db.transaction((manager) => pointsIn(manager).hold(movement)),
      capture: (holdId) => db.transaction((manager) => pointsIn(manager).capture(holdId)),
      release: (holdId, reason) => db.transaction((manager) => pointsIn(manager).release(holdId, reason)),
      holdStatus: (holdId) => pointsIn(db.manager).holdStatus(holdId),
      async balance(memberId) {
        need('members:read');
        const { available, pending, held } = await services.ledger.balanceOf(db.manager, memberId);
        return { available, pending, held };
      },
    },
    payments: createPluginPayments(name, ctx, deps, () => need('points:hold')),
    feedback: {
      async submit(input) {
        need('feedback:write');
        const { response, alreadySubmitted, detractorAlert } = await services.feedback.submit(
          ctx,
          await validated(SubmitFeedbackInput, {
            surveyId: String(input.surveyId),
            memberId: String(input.memberId),
            orderId: input.orderId ? String(input.orderId) : undefined,
            nps: input.nps ?? undefined,
            csat: input.csat ?? undefined,
            ces: input.ces ?? undefined,
            suggestion: input.suggestion || undefined,
            channel: input.channel ?? undefined,
            externalId: input.externalId ?? undefined,
          }),
        );
        return {
          responseId: response.id,
          alreadySubmitted,
          detractorAlert,
          pointsEarned: response.pointsAwarded,
        };
      },
    },
    activity: {
      async publish(event) {
        need('activity:publish');
        await db.transaction((manager) =>
          services.activity.recordPluginEvent(manager, {
            type: `${name}.${event.type}`,
            memberId: event.memberId,
            channel: name,
            summary: event.summary,
            payload: event.payload,
          }),
        );
      },
    },
    store: {
      repository: (entity) => own(db.manager).repository(entity),
      transaction: (work) => db.transaction((manager) => work(own(manager))),
    },
  };
}

function toPluginMember(member: Member): PluginMember {
  return {
    id: member.id,
    status: member.status as MemberStatus,
    email: member.email,
    joinChannel: member.joinChannel,
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

export function isCode(error: unknown, code: string): boolean {
  return error instanceof AppError && error.extensions.code === code;
}
