import type { EntityManager } from 'typeorm';
import { groupedFigures, sqlDateTime, type FigureGrouping } from '../../data/grouped-figures';
import { OrderStatus } from './order.enums';

const column = (by: FigureGrouping): string | null =>
  by === 'channel' ? 'o.channel' : by === 'store' ? 'o.storeId' : null;

/**
 * Programme figures over the orders context's tables, for insight's KPIs: counted orders are those
 * purchased in [from, to) and not cancelled; revenue is merchandise net of refunds.
 */
export class OrderFiguresReader {
  /** Orders, net revenue and distinct buying members per group. */
  orderFigures(manager: EntityManager, by: FigureGrouping, from: Date, to: Date) {
    return groupedFigures(
      manager,
      column(by),
      'COUNT(*) AS orders, COALESCE(SUM(o.merchandiseMinor - o.refundedMinor), 0) AS revenue, COUNT(DISTINCT o.memberId) AS buyers',
      `customer_order o WHERE o.purchasedAt >= ? AND o.purchasedAt < ? AND o.status <> ?`,
      [sqlDateTime(from), sqlDateTime(to), OrderStatus.CANCELLED],
    );
  }

  /** Members with two or more orders in the period, per group. */
  repeatBuyers(manager: EntityManager, by: FigureGrouping, from: Date, to: Date) {
    const key = column(by);
    const inner = `SELECT ${key ?? 'NULL'} AS g, o.memberId FROM customer_order o
      WHERE o.purchasedAt >= ? AND o.purchasedAt < ? AND o.status <> ? AND o.memberId IS NOT NULL
      GROUP BY ${key ? `${key}, ` : ''}o.memberId HAVING COUNT(*) >= 2`;
    return groupedFigures(manager, key ? 'r.g' : null, 'COUNT(*) AS members', `(${inner}) r`, [
      sqlDateTime(from),
      sqlDateTime(to),
      OrderStatus.CANCELLED,
    ]);
  }

  /** Of the members who bought in the previous period (same length, per group), how many bought again in this one. */
  retained(manager: EntityManager, by: FigureGrouping, from: Date, to: Date) {
    const before = new Date(from.getTime() - (to.getTime() - from.getTime()));
    const key = column(by);
    const distinct = `SELECT DISTINCT ${key ?? 'NULL'} AS g, o.memberId FROM customer_order o
      WHERE o.purchasedAt >= ? AND o.purchasedAt < ? AND o.status <> ? AND o.memberId IS NOT NULL`;
    const joinOnGroup = key ? 'AND (c.g = p.g OR (c.g IS NULL AND p.g IS NULL))' : '';
    return groupedFigures(
      manager,
      key ? 'p.g' : null,
      'COUNT(*) AS previous, COUNT(c.memberId) AS retained',
      `(${distinct}) p LEFT JOIN (${distinct}) c ON c.memberId = p.memberId ${joinOnGroup}`,
      [
        sqlDateTime(before),
        sqlDateTime(from),
        OrderStatus.CANCELLED,
        sqlDateTime(from),
        sqlDateTime(to),
        OrderStatus.CANCELLED,
      ],
    );
  }
}
