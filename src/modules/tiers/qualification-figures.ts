import type { EntityManager } from 'typeorm';
import type { Port } from '../../common/port';
import type { Figures } from './tier.rules';

/** Filled by the orders context: net qualifying spend (after refunds) and order count since a date. */
export interface OrderQualificationSource {
  figuresSince(
    manager: EntityManager,
    memberIds: readonly number[],
    since: Date,
  ): Promise<Map<number, { spendMinor: number; orders: number }>>;
}

/** Filled by the points context: qualifying points (earned on orders and behaviours, net of reversals). */
export interface PointsQualificationSource {
  earnedSince(
    manager: EntityManager,
    memberIds: readonly number[],
    since: Date,
  ): Promise<Map<number, number>>;
}

/**
 * Reads the figures tiers qualify on, for a whole batch of members in one call per source. The
 * orders context is built after tiers, so its figures come through a port core.ts binds; an unbound
 * port throws rather than counting spend and orders as zero.
 */
export class QualificationFiguresReader {
  constructor(
    private readonly points: PointsQualificationSource,
    private readonly orders: Port<OrderQualificationSource>,
  ) {}

  async figuresOf(
    manager: EntityManager,
    memberIds: readonly number[],
    since: Date,
    /** `points: false` leaves qualifying points out (as 0) when no tier of the ladder asks for them. */
    include: { points: boolean } = { points: true },
  ): Promise<Map<number, Figures>> {
    const result = new Map<number, Figures>();
    if (memberIds.length === 0) return result;
    const [orders, points] = await Promise.all([
      this.orders.get().figuresSince(manager, memberIds, since),
      include.points ? this.points.earnedSince(manager, memberIds, since) : Promise.resolve(new Map()),
    ]);
    for (const memberId of memberIds) {
      const fromOrders = orders.get(memberId);
      result.set(memberId, {
        spendMinor: Math.max(0, Number(fromOrders?.spendMinor ?? 0)),
        orders: Math.max(0, Number(fromOrders?.orders ?? 0)),
        points: Math.max(0, Number(points.get(memberId) ?? 0)),
      });
    }
    return result;
  }
}
