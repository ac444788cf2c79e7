import type { EntityManager } from 'typeorm';
import { groupedFigures, sqlDateTime, type FigureGrouping } from '../../data/grouped-figures';

const column = (by: FigureGrouping): string | null =>
  by === 'channel' ? 'e.sourceChannel' : by === 'store' ? 'e.storeId' : null;

/** Programme figures over the ledger, for insight's KPIs. */
export class LedgerFiguresReader {
  /** Points earned, spent and expired in [from, to), by the entries' source channel or store. */
  pointsFigures(manager: EntityManager, by: FigureGrouping, from: Date, to: Date) {
    return groupedFigures(
      manager,
      column(by),
      `COALESCE(SUM(CASE WHEN e.type = 'EARN' THEN e.points ELSE 0 END), 0) AS issued,
       COALESCE(SUM(CASE WHEN e.type = 'SPEND' THEN -e.points ELSE 0 END), 0) AS redeemed,
       COALESCE(SUM(CASE WHEN e.type = 'EXPIRE' THEN -e.points ELSE 0 END), 0) AS expired`,
      `ledger_entry e WHERE e.createdAt >= ? AND e.createdAt < ? AND e.type IN ('EARN', 'SPEND', 'EXPIRE')`,
      [sqlDateTime(from), sqlDateTime(to)],
    );
  }
}
