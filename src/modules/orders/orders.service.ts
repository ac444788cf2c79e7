import { parseId } from '../../common/ids';
import type { EntityManager } from 'typeorm';
import { assertCanAccessMember } from '../../auth/member-access';
import { assertDateInRange } from '../../common/date-range';
import {
  BadUserInputError,
  ConflictError,
  IdempotencyMismatchError,
  NotFoundError,
} from '../../common/errors';
import type { RequestContext } from '../../common/request-context';
import type { Database } from '../../data/database';
import type { ActivityService } from '../activity';
import type { AuditService } from '../audit';
import type { CatalogService } from '../catalog';
import type { EarningResult, EarningService } from '../earning';
import { requestHash, type IdempotencyService } from '../idempotency';
import { MemberStatus, type MembersRepository } from '../members';
import { type PointsLedger, PointsSourceKind } from '../points';
import type { TiersService } from '../tiers';
import { earningBasket } from './earning-basket';
import type { OrderRefund } from './order-refund.entity';
import { Order as OrderEntity, type Order } from './order.entity';
import { OrderStatus, RefundKind } from './order.enums';
import type { PreviewPointsInput, RecordOrderInput, RefundOrderInput } from './order.inputs';
import { checkTotals, lineTotal, planRefund } from './order.rules';
import type { Buyer, OrderCriteria, OrdersRepository } from './orders.repository';
import { clock } from '../../common/clock';

/** Told when a member's first order is recorded (referrals reward both sides then). */
export interface FirstOrderListener {
  onFirstOrder(
    ctx: RequestContext,
    manager: EntityManager,
    order: { memberId: number; orderId: number; channel: string; storeId: string | null; at: Date },
  ): Promise<void>;
}

const FUTURE_TOLERANCE_MS = 24 * 3600 * 1000;

/**
 * Earning rules, tier thresholds and qualifying spend are all in the programme currency's minor units,
 * so an order in another currency is refused rather than earning as if 10,000 JPY were 100.00 EUR.
 * (Converting at the edge is the connector's job: it knows the rate it was paid at.)
 */
function assertProgrammeCurrency(currency: string, programme: string): void {
  if (currency !== programme) {
    throw BadUserInputError.field(
      'currency',
      `The programme runs in ${programme}; this order is in ${currency}`,
    );
  }
}

/**
 * Orders from every channel and their refunds, and the points they earn and give back. Recording is
 * idempotent on (channel, external order id): a redelivery returns the first order and earns
 * nothing more; the same id with other content is IDEMPOTENCY_MISMATCH. Everything an order causes
 * (lines, points, tier upgrade, referral rewards, events) commits in one transaction.
 */
export class OrdersService {
  private firstOrderListeners: FirstOrderListener[] = [];

  constructor(
    private readonly db: Database,
    private readonly repository: OrdersRepository,
    private readonly members: MembersRepository,
    private readonly idempotency: IdempotencyService,
    private readonly catalog: CatalogService,
    private readonly earning: EarningService,
    private readonly ledger: PointsLedger,
    private readonly tiers: TiersService,
    private readonly activity: ActivityService,
    private readonly audit: AuditService,
  ) {}

  onFirstOrder(listener: FirstOrderListener): void {
    this.firstOrderListeners.push(listener);
  }

  async getById(ctx: RequestContext, id: number): Promise<Order> {
    const order = await this.repository.findById(this.db.manager, id);
    if (!order) throw new NotFoundError('Order', id);
    if (ctx.principal?.role === 'member') assertCanAccessMember(ctx.principal, order.memberId ?? -1);
    return order;
  }

  page(criteria: OrderCriteria, beforeId: number | null, limit: number): Promise<Order[]> {
    return this.repository.page(this.db.manager, criteria, beforeId, limit);
  }

  /** What a basket would earn now (or at `purchasedAt`), for a member or a guest; records nothing. */
  async previewPoints(
    ctx: RequestContext,
    input: PreviewPointsInput,
    memberId: number | null,
  ): Promise<EarningResult> {
    if (memberId !== null) assertCanAccessMember(ctx.principal, memberId);
    const manager = this.db.manager;
    assertProgrammeCurrency(input.currency, (await this.ledger.policy(manager)).currency);
    checkTotals(input.lines, {
      shippingMinor: 0,
      taxMinor: 0,
      totalMinor: input.lines.reduce((s, l) => s + lineTotal(l), 0),
    });
    if (memberId !== null && !(await this.members.findById(manager, memberId)))
      throw new NotFoundError('Member', memberId);
    const products = await this.catalog.resolveSkus(
      manager,
      input.lines.map((line) => line.sku),
    );
    const tier = memberId === null ? null : await this.tiers.tierOf(manager, memberId);
    return this.earning.evaluateOrder(
      manager,
      earningBasket({
        memberId,
        at: input.purchasedAt ?? clock.now(),
        channel: input.channel,
        storeId: input.storeId ?? null,
        currency: input.currency,
        lines: input.lines,
        products,
        tier,
      }),
    );
  }

  async record(ctx: RequestContext, input: RecordOrderInput, memberIdInput: number | null): Promise<Order> {
    const merchandise = checkTotals(input.lines, input);
    // Also a GraphQL input rule, but plugins and seeds call this service directly.
    assertDateInRange(input.purchasedAt, 'purchasedAt');
    if (input.purchasedAt.getTime() > clock.now().getTime() + FUTURE_TOLERANCE_MS) {
      throw BadUserInputError.field('purchasedAt', 'purchasedAt is in the future');
    }
    if (memberIdInput !== null && input.channelIdentity) {
      throw BadUserInputError.field('channelIdentity', 'Give memberId or channelIdentity, not both');
    }
    // The order row is its own idempotency record: it keeps the hash of what was asked, and its
    // unique (channel, external id) makes a redelivery or a concurrent twin fail and roll back whole.
    // Any failure then looks for that row: the same input answers with the committed order (even when
    // the work would fail today, a SKU withdrawn since), other input is IDEMPOTENCY_MISMATCH. One
    // INSERT less per order than an idempotency_key row, and a replay is answered for as long as the
    // order exists, not only for the keys' retention period.
    const hash = requestHash({ ...input, memberId: memberIdInput });
    try {
      return await this.db.transaction((manager) =>
        // The points' event and the order's go to the outbox in one insert.
        this.activity.batched(manager, () =>
          this.recordWithin(ctx, manager, input, memberIdInput, merchandise, hash),
        ),
      );
    } catch (error) {
      const replayed = await this.replayedOrder(input, memberIdInput, hash).catch(() => null);
      if (replayed instanceof IdempotencyMismatchError) throw replayed;
      if (replayed) return replayed;
      throw error;
    }
  }

  /**
   * The committed order a retry of `input` answers with, or IDEMPOTENCY_MISMATCH (returned, so a
   * failed lookup is told apart) when the external id was recorded with other content. Orders
   * recorded before the order row kept its hash (`requestHash` empty) answer from their
   * idempotency key, as they did then.
   */
  private async replayedOrder(
    input: RecordOrderInput,
    memberIdInput: number | null,
    hash: string,
  ): Promise<Order | IdempotencyMismatchError | null> {
    const key = `${input.channel}:${input.externalOrderId}`;
    const order = await this.repository.findByExternalId(
      this.db.manager,
      input.channel,
      input.externalOrderId,
    );
    if (!order) return null;
    if (order.requestHash === hash) return order;
    if (order.requestHash !== '') return new IdempotencyMismatchError(key);
    try {
      const stored = await this.idempotency.answerOf<{ orderId: number }>('orders.record', key, {
        ...input,
        memberId: memberIdInput,
      });
      return stored.found && stored.result.orderId === order.id ? order : null;
    } catch (error) {
      if (error instanceof IdempotencyMismatchError) return error;
      throw error;
    }
  }

  private async recordWithin(
    ctx: RequestContext,
    manager: EntityManager,
    input: RecordOrderInput,
    memberIdInput: number | null,
    merchandise: number,
    hash: string,
  ): Promise<Order> {
    const policy = await this.ledger.policy(manager);
    assertProgrammeCurrency(input.currency, policy.currency);
    const member = await this.resolveMember(manager, input, memberIdInput);
    const products = await this.catalog.resolveSkus(
      manager,
      input.lines.map((line) => line.sku),
    );
    const now = clock.now();
    const storeId = input.storeId ?? null;
    // Only active members earn; a closed or erased member's order is still recorded (sales, insight).
    // The rules are pure arithmetic over the basket, so the points are known before the order row is
    // written and go into it at once (no UPDATE afterwards).
    const earning = member && member.status === MemberStatus.ACTIVE;
    const earned = earning
      ? await this.earning.evaluateOrder(
          manager,
          earningBasket({
            memberId: member.id,
            at: input.purchasedAt,
            channel: input.channel,
            storeId,
            currency: input.currency,
            lines: input.lines,
            products,
            tier: await this.tiers.tierFromRow(manager, member.tierId),
          }),
        )
      : null;
    const pointsEarned = earned && earned.points > 0 ? earned.points : 0;
    const values = {
      channel: input.channel,
      externalId: input.externalOrderId,
      memberId: member?.id ?? null,
      storeId,
      currency: input.currency,
      merchandiseMinor: merchandise,
      shippingMinor: input.shippingMinor,
      taxMinor: input.taxMinor,
      totalMinor: input.totalMinor,
      refundedMinor: 0,
      status: OrderStatus.COMPLETED,
      pointsEarned,
      pointsReversed: 0,
      purchasedAt: input.purchasedAt,
      requestHash: hash,
      createdAt: now,
      updatedAt: now,
    };
    const orderId = await this.repository.insertOrder(manager, values);
    await this.repository.insertLines(
      manager,
      input.lines.map((line, index) => {
        const product = products.get(line.sku)!;
        return {
          orderId,
          lineNo: index + 1,
          sku: line.sku,
          productId: product.id,
          category: product.category,
          quantity: line.quantity,
          unitPriceMinor: line.unitPriceMinor,
          discountMinor: line.discountMinor,
          totalMinor: lineTotal(line),
        };
      }),
    );

    if (member && earning) {
      if (earned && pointsEarned > 0) {
        const pendingUntil =
          policy.pendingDays > 0
            ? new Date(input.purchasedAt.getTime() + policy.pendingDays * 86_400_000)
            : null;
        await this.ledger.earn(manager, {
          memberId: member.id,
          points: pointsEarned,
          source: {
            kind: PointsSourceKind.ORDER,
            channel: input.channel,
            plugin: ctx.principal?.plugin ?? null,
            storeId,
            reference: `order:${orderId}`,
          },
          reason: `Order ${input.externalOrderId} (${input.channel})`,
          explanation: earned.explanation,
          orderId,
          pendingUntil,
          at: input.purchasedAt,
        });
      }
      if (!member.orderedBefore) {
        for (const listener of this.firstOrderListeners) {
          await listener.onFirstOrder(ctx, manager, {
            memberId: member.id,
            orderId,
            channel: input.channel,
            storeId,
            at: input.purchasedAt,
          });
        }
      }
      await this.tiers.evaluateUpgrade(ctx, manager, member.id, now);
    }
    const recorded = {
      channel: input.channel,
      externalOrderId: input.externalOrderId,
      storeId,
      currency: input.currency,
      totalMinor: input.totalMinor,
      merchandiseMinor: merchandise,
      lines: input.lines.length,
      pointsEarned,
    };
    await this.audit.record(ctx, manager, {
      action: 'order.record',
      targetType: 'order',
      targetId: orderId,
      after: { ...recorded, memberId: member?.id ?? null },
    });
    await this.activity.record(manager, {
      type: 'order.recorded',
      memberId: member?.id ?? null,
      channel: input.channel,
      summary: `Order ${orderId} recorded from ${input.channel}: ${input.totalMinor} ${input.currency} minor, ${pointsEarned} points`,
      payload: { orderId, ...recorded, purchasedAt: input.purchasedAt.toISOString() },
    });
    return Object.assign(new OrderEntity(), values, { id: orderId });
  }

  async refund(ctx: RequestContext, input: RefundOrderInput): Promise<{ order: Order; refund: OrderRefund }> {
    const order = await this.findTarget(input);
    const result = await this.idempotency.run({
      scope: 'orders.refund',
      key: `${order.id}:${input.refundId}`,
      input,
      work: (manager) => this.refundWithin(ctx, manager, order.id, input),
    });
    const manager = this.db.manager;
    return {
      order: (await this.repository.findById(manager, order.id))!,
      refund: (await this.repository.findRefund(manager, result.refundId))!,
    };
  }

  private async refundWithin(
    ctx: RequestContext,
    manager: EntityManager,
    orderId: number,
    input: RefundOrderInput,
  ): Promise<{ refundId: number }> {
    const order = (await this.repository.findById(manager, orderId, true))!;
    if (order.status === OrderStatus.CANCELLED)
      throw new ConflictError(`Order ${order.id} is cancelled`, { status: order.status });
    if (input.kind === RefundKind.CANCELLATION && (input.lines?.length || input.amountMinor)) {
      throw BadUserInputError.field('kind', 'A cancellation covers the whole order: give no lines or amount');
    }
    const lines = await this.repository.linesOf(manager, [order.id]);
    const plan = planRefund(lines, input, order.refundedMinor, order.merchandiseMinor);
    for (const planned of plan.lines) {
      const line = lines.find((l) => l.lineNo === planned.lineNo)!;
      if (!(await this.repository.refundLine(manager, line.id, planned.quantity, planned.amountMinor))) {
        throw new ConflictError(`Line ${planned.lineNo} was refunded meanwhile`);
      }
    }
    const refunded = order.refundedMinor + plan.amountMinor;
    const status =
      input.kind === RefundKind.CANCELLATION
        ? OrderStatus.CANCELLED
        : refunded >= order.merchandiseMinor
          ? OrderStatus.REFUNDED
          : OrderStatus.PARTIALLY_REFUNDED;
    if (!(await this.repository.addRefunded(manager, order.id, plan.amountMinor, status))) {
      throw new ConflictError(`Order ${order.id} changed meanwhile; retry`);
    }
    let reversed = { points: 0, shortfall: 0 };
    if (order.memberId !== null && order.pointsEarned > 0) {
      const share = order.merchandiseMinor === 0 ? 1 : refunded / order.merchandiseMinor;
      const moved = await this.ledger.reverseOrderEarnings(manager, {
        orderId: order.id,
        memberId: order.memberId,
        refundedShare: status === OrderStatus.CANCELLED ? 1 : share,
        source: {
          kind: PointsSourceKind.ORDER,
          channel: order.channel,
          plugin: ctx.principal?.plugin ?? null,
          storeId: order.storeId,
          reference: `refund:${input.refundId}`,
        },
        reason: `${input.kind === RefundKind.CANCELLATION ? 'Cancelled' : 'Refunded'} order ${order.externalId}${input.reason ? `: ${input.reason}` : ''}`,
      });
      reversed = { points: moved.points, shortfall: moved.shortfall ?? 0 };
      await this.repository.updateOrder(manager, order.id, {
        pointsReversed: order.pointsReversed + moved.points + reversed.shortfall,
      });
    }
    const refundId = await this.repository.insertRefund(manager, {
      orderId: order.id,
      externalId: input.refundId,
      kind: input.kind,
      amountMinor: plan.amountMinor,
      reason: input.reason ?? null,
      pointsReversed: reversed.points,
      pointsUncollected: reversed.shortfall,
      requestHash: '',
      createdAt: clock.now(),
    });
    await this.audit.record(ctx, manager, {
      action: input.kind === RefundKind.CANCELLATION ? 'order.cancel' : 'order.refund',
      targetType: 'order',
      targetId: order.id,
      before: {
        status: order.status,
        refundedMinor: order.refundedMinor,
        pointsReversed: order.pointsReversed,
      },
      after: {
        status,
        refundedMinor: refunded,
        refundId,
        externalRefundId: input.refundId,
        amountMinor: plan.amountMinor,
        pointsReversed: reversed.points,
        pointsUncollected: reversed.shortfall,
      },
    });
    await this.activity.record(manager, {
      type: 'order.refunded',
      memberId: order.memberId,
      channel: order.channel,
      summary: `Order ${order.id} ${status === OrderStatus.CANCELLED ? 'cancelled' : 'refunded'}: ${plan.amountMinor} ${order.currency} minor, ${reversed.points} points taken back`,
      payload: {
        orderId: order.id,
        refundId,
        kind: input.kind,
        amountMinor: plan.amountMinor,
        refundedMinor: refunded,
        status,
        pointsReversed: reversed.points,
        pointsUncollected: reversed.shortfall,
        lines: plan.lines,
      },
    });
    return { refundId };
  }

  private async findTarget(input: RefundOrderInput): Promise<Order> {
    const manager = this.db.manager;
    if (input.orderId) {
      const order = await this.repository.findById(manager, parseId(input.orderId, 'orderId', 'an order id'));
      if (!order) throw new NotFoundError('Order', input.orderId);
      return order;
    }
    if (input.channel && input.externalOrderId) {
      const order = await this.repository.findByExternalId(manager, input.channel, input.externalOrderId);
      if (!order) throw new NotFoundError('Order', `${input.channel}/${input.externalOrderId}`);
      return order;
    }
    throw BadUserInputError.field('orderId', 'Give orderId, or channel and externalOrderId');
  }

  /** The member an order belongs to: by id or channel identity; a merged member's orders go to the survivor. */
  private async resolveMember(
    manager: EntityManager,
    input: RecordOrderInput,
    memberId: number | null,
  ): Promise<Buyer | null> {
    let id = memberId;
    if (input.channelIdentity) {
      const identity = await this.members.findIdentity(
        manager,
        input.channelIdentity.channel,
        input.channelIdentity.externalId,
      );
      if (!identity) {
        throw new NotFoundError(
          'Channel identity',
          `${input.channelIdentity.channel}/${input.channelIdentity.externalId}`,
        );
      }
      id = identity.memberId;
    }
    if (id === null) return null;
    let member = await this.repository.buyer(manager, id);
    if (!member) throw new NotFoundError('Member', id);
    if (member.status === MemberStatus.MERGED && member.mergedIntoId !== null) {
      member = (await this.repository.buyer(manager, member.mergedIntoId)) ?? member;
    }
    return member;
  }
}
