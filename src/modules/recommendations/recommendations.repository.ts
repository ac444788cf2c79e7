import { In, type EntityManager } from 'typeorm';
import type { Database } from '../../data/database';
import { CatalogRepository, type Product } from '../catalog';
import { MembersRepository } from '../members';
import type { OrderPurchases, OrderPurchasesReader } from '../orders';
import type { ModelDelta, Neighbour, OwnedProducts } from './co-purchase.model';
import { incrementUpsert } from './increment-upsert';
import { RecommendationDismissal, type RecommendationItemType } from './recommendation-dismissal.entity';
import {
  MemberProduct,
  ModelState,
  ProductNeighbour,
  ProductPair,
  ProductStats,
} from './recommendation-model.entities';

/** Products whose pairs one statement of the full rebuild recounts. */
const PAIR_RECOUNT_PRODUCTS = 100;

/** `?, ?, ...` for an IN list bound positionally (no named-parameter expansion per id). */
function placeholders(values: readonly unknown[]): string {
  return values.map(() => '?').join(', ');
}

/** `EXISTS` a purchase by `:memberId` of the product in `column`. */
function purchasedBy(column: string): string {
  return `EXISTS (SELECT 1 FROM rec_member_product p WHERE p.memberId = :memberId AND p.productId = ${column})`;
}

/** A datetime read in raw SQL as TypeORM hydrates it: SQLite's UTC text, or mysql2's Date (timezone Z). */
function hydratedDate(value: string | Date): Date {
  if (value instanceof Date) return value;
  let text = value;
  if (/^\d\d\d\d-\d\d-\d\d \d\d:\d\d/.test(text)) text = text.replace(' ', 'T');
  if (/^\d\d\d\d-\d\d-\d\dT\d\d:\d\d(:\d\d(\.\d\d\d)?)?$/.test(text)) text += 'Z';
  return new Date(text);
}

/** Datetimes bound in raw SQL: UTC text, as both engines store them (TypeORM's own format). */
function sqlDateTime(date: Date): string {
  return date.toISOString().replace('T', ' ').replace('Z', '');
}

const MEMBER_PRODUCT_UPSERT = {
  table: 'rec_member_product',
  keys: ['memberId', 'productId'],
  add: ['purchases'],
  latest: ['lastPurchasedAt'],
  insertOnly: ['firstPurchasedAt'],
};

export type { OrderPurchases };

/** One of the member's products, most bought first. */
export interface HistoryRow {
  productId: number;
  purchases: number;
  firstPurchasedAt: Date;
  lastPurchasedAt: Date;
}

/**
 * What this context knows of a candidate product without the catalog entity: its buyers, whether the
 * member ever bought it, and whether it is listed (active, and within the category asked for).
 */
export interface CandidateFacts {
  buyers: number;
  purchased: boolean;
  listed: boolean;
}

/**
 * Every query of the recommendations context. Orders and products are other contexts' tables: read
 * through their index.ts APIs (the orders reader, the catalog repository), never written.
 */
export class RecommendationsRepository {
  private readonly catalog = new CatalogRepository();
  private readonly members = new MembersRepository();

  constructor(
    private readonly db: Database,
    private readonly orders: OrderPurchasesReader,
  ) {}

  // --- The recompute job -------------------------------------------------------------------------

  async watermark(manager: EntityManager): Promise<number> {
    const state = await manager.findOne(ModelState, { where: { id: 1 } });
    return state?.lastOrderId ?? 0;
  }

  /** Moves the watermark only from the value read: a second job instance finds it moved and stops. */
  async claim(manager: EntityManager, from: number, to: number, at: Date): Promise<boolean> {
    const result = await manager
      .createQueryBuilder()
      .update(ModelState)
      .set({ lastOrderId: to, updatedAt: at })
      .where('id = 1 AND lastOrderId = :from', { from })
      .execute();
    return result.affected === 1;
  }

  countOrdersAfter(manager: EntityManager, afterId: number): Promise<number> {
    return this.orders.countAfter(manager, afterId);
  }

  /**
   * The next member orders after the watermark, with the products of their lines, up to (not including)
   * the first one recorded after `settledBefore`: the watermark never passes an order younger than that
   * (see ORDER_SETTLE_MS). Cancelled orders and fully refunded lines teach nothing (a refund after
   * counting is subtracted by the nightly rebuild).
   */
  ordersAfter(
    manager: EntityManager,
    afterId: number,
    settledBefore: Date,
    limit: number,
  ): Promise<{ lastId: number; read: number; orders: OrderPurchases[] }> {
    return this.orders.after(manager, afterId, settledBefore, limit);
  }

  async productsOwnedBy(manager: EntityManager, memberIds: readonly number[]): Promise<OwnedProducts> {
    const known: OwnedProducts = new Map();
    if (!memberIds.length) return known;
    const rows = await manager.find(MemberProduct, {
      select: { memberId: true, productId: true, lastPurchasedAt: true },
      where: { memberId: In([...memberIds]) },
    });
    for (const row of rows) {
      const owned = known.get(row.memberId) ?? new Map<number, Date>();
      owned.set(row.productId, new Date(row.lastPurchasedAt));
      known.set(row.memberId, owned);
    }
    return known;
  }

  /** Adds a batch's delta: member purchases, co-buyer counts and buyers, all as increments. */
  async applyDelta(manager: EntityManager, delta: ModelDelta, at: Date): Promise<void> {
    const kind = this.db.kind;
    const purchases = new Map<
      string,
      { memberId: number; productId: number; purchases: number; first: Date; last: Date }
    >();
    for (const event of [...delta.firstPurchases, ...delta.repeats]) {
      const key = `${event.memberId}:${event.productId}`;
      const row = purchases.get(key) ?? {
        memberId: event.memberId,
        productId: event.productId,
        purchases: 0,
        first: event.at,
        last: event.at,
      };
      row.purchases += 1;
      if (event.at < row.first) row.first = event.at;
      if (event.at > row.last) row.last = event.at;
      purchases.set(key, row);
    }
    await incrementUpsert(manager, kind, MEMBER_PRODUCT_UPSERT, [
      ...[...purchases.values()].map((row) => ({
        memberId: row.memberId,
        productId: row.productId,
        purchases: row.purchases,
        lastPurchasedAt: sqlDateTime(row.last),
        firstPurchasedAt: sqlDateTime(row.first),
      })),
    ]);
    await incrementUpsert(
      manager,
      kind,
      { table: 'rec_product_pair', keys: ['productId', 'otherProductId'], add: ['members'] },
      [...delta.pairIncrements].map(([key, members]) => {
        const [productId, otherProductId] = key.split(':').map(Number);
        return { productId, otherProductId, members };
      }),
    );
    // Every product whose buyers or pairs changed is marked for a neighbour refresh in this transaction
    // (a product in a pair has been bought, so its stats row exists; adding 0 buyers leaves it as is).
    const touched = new Map<number, number>(
      [...delta.pairIncrements.keys()].map((key) => [Number(key.split(':')[0]), 0]),
    );
    for (const [productId, buyers] of delta.buyerIncrements) touched.set(productId, buyers);
    await incrementUpsert(
      manager,
      kind,
      { table: 'rec_product_stats', keys: ['productId'], add: ['buyers'], set: ['updatedAt', 'refreshDue'] },
      [...touched]
        .sort(([a], [b]) => a - b)
        .map(([productId, buyers]) => ({ productId, buyers, updatedAt: sqlDateTime(at), refreshDue: 1 })),
    );
  }

  /** The watermark, its row locked (MySQL) until commit: incremental batches wait for a full rebuild. */
  async lockWatermark(manager: EntityManager): Promise<number> {
    const state = await this.db
      .forUpdate(manager.createQueryBuilder(ModelState, 's').where('s.id = 1'))
      .getOne();
    return state?.lastOrderId ?? 0;
  }

  /**
   * The full rebuild's counts after `clearCounts`, by INSERT ... SELECT: each member's purchases per
   * product from the orders up to the watermark (the orders context's subquery; erased members left
   * out), the buyers of every product (all marked for a neighbour refresh), the co-buyers of every
   * pair from those rows (a statement per PAIR_RECOUNT_PRODUCTS products). The same figures the incremental count reaches, recounted in the database.
   */
  async recountFromOrders(manager: EntityManager, upToOrderId: number, at: Date): Promise<number> {
    const purchases = this.orders.linesSql(upToOrderId);
    const erased = this.members.erasedMemberIdsSql();
    const run = (sql: string, parameters: Record<string, unknown>) => {
      const [text, values] = manager.connection.driver.escapeQueryWithParameters(sql, parameters);
      return manager.query(text, values);
    };
    await run(
      `INSERT INTO rec_member_product (memberId, productId, purchases, firstPurchasedAt, lastPurchasedAt)
       SELECT p.memberId, p.productId, COUNT(*), MIN(p.at), MAX(p.at) FROM (${purchases.sql}) p
       WHERE p.memberId NOT IN (${erased.sql}) GROUP BY p.memberId, p.productId`,
      { ...purchases.parameters, ...erased.parameters },
    );
    await run(
      `INSERT INTO rec_product_stats (productId, buyers, updatedAt, refreshDue)
       SELECT productId, COUNT(*), :at, 1 FROM rec_member_product GROUP BY productId`,
      { at: sqlDateTime(at) },
    );
    // Pairs by ranges of products, so no one statement outlasts DB_QUERY_TIMEOUT_MS on a large model.
    const products = (
      (await manager.query('SELECT productId FROM rec_product_stats ORDER BY productId')) as {
        productId: number | string;
      }[]
    ).map((row) => Number(row.productId));
    for (let i = 0; i < products.length; i += PAIR_RECOUNT_PRODUCTS) {
      const range = products.slice(i, i + PAIR_RECOUNT_PRODUCTS);
      await manager.query(
        `INSERT INTO rec_product_pair (productId, otherProductId, members)
         SELECT a.productId, b.productId, COUNT(*) FROM rec_member_product a
         JOIN rec_member_product b ON b.memberId = a.memberId AND b.productId <> a.productId
         WHERE a.productId BETWEEN ? AND ?
         GROUP BY a.productId, b.productId`,
        [range[0], range[range.length - 1]],
      );
    }
    const [{ counted }] = (await manager.query('SELECT COUNT(*) AS counted FROM rec_member_product')) as {
      counted: number | string;
    }[];
    return Number(counted);
  }

  /** Empties the derived counts (a full rebuild writes them again in the same transaction). */
  async clearCounts(manager: EntityManager): Promise<void> {
    for (const entity of [MemberProduct, ProductPair, ProductStats]) {
      await manager.createQueryBuilder().delete().from(entity).execute();
    }
  }

  /** After a rebuild: the neighbour lists of products nobody bought any more (the others are refreshed). */
  async dropNeighboursOfUnbought(manager: EntityManager): Promise<void> {
    await manager
      .createQueryBuilder()
      .delete()
      .from(ProductNeighbour)
      .where('productId NOT IN (SELECT s.productId FROM rec_product_stats s)')
      .execute();
  }

  /** Up to `limit` products marked for a neighbour refresh, their stats rows locked (MySQL) until commit. */
  async lockRefreshDue(manager: EntityManager, limit: number): Promise<number[]> {
    const rows = await this.db
      .forUpdate(
        manager
          .createQueryBuilder(ProductStats, 's')
          .select('s.productId')
          .where('s.refreshDue = :due', { due: 1 })
          .orderBy('s.productId', 'ASC')
          .limit(limit),
      )
      .getMany();
    return rows.map((row) => row.productId);
  }

  async clearRefreshDue(manager: EntityManager, productIds: readonly number[]): Promise<void> {
    if (!productIds.length) return;
    await manager
      .createQueryBuilder()
      .update(ProductStats)
      .set({ refreshDue: false })
      .where('productId IN (:...productIds)', { productIds })
      .execute();
  }

  /** Raw rows, no entity hydration: a refresh reads thousands of pairs per chunk. */
  async pairsOf(manager: EntityManager, productIds: readonly number[]): Promise<ProductPair[]> {
    if (!productIds.length) return [];
    const rows = (await manager.query(
      `SELECT productId, otherProductId, members FROM rec_product_pair WHERE productId IN (${placeholders(productIds)})`,
      [...productIds],
    )) as Record<keyof ProductPair, number | string>[];
    return rows.map((row) => ({
      productId: Number(row.productId),
      otherProductId: Number(row.otherProductId),
      members: Number(row.members),
    }));
  }

  async buyersOf(manager: EntityManager, productIds: readonly number[]): Promise<Map<number, number>> {
    if (!productIds.length) return new Map();
    const rows = (await manager.query(
      `SELECT productId, buyers FROM rec_product_stats WHERE productId IN (${placeholders(productIds)})`,
      [...productIds],
    )) as { productId: number | string; buyers: number | string }[];
    return new Map(rows.map((row) => [Number(row.productId), Number(row.buyers)]));
  }

  async replaceNeighbours(
    manager: EntityManager,
    productIds: readonly number[],
    rows: ProductNeighbour[],
  ): Promise<void> {
    if (!productIds.length) return;
    await manager.query(
      `DELETE FROM rec_product_neighbour WHERE productId IN (${placeholders(productIds)})`,
      [...productIds],
    );
    for (let i = 0; i < rows.length; i += 300) {
      const chunk = rows.slice(i, i + 300);
      await manager.query(
        `INSERT INTO rec_product_neighbour (productId, neighbourId, score, coBuyers) VALUES ${chunk
          .map(() => '(?, ?, ?, ?)')
          .join(', ')}`,
        chunk.flatMap((row) => [row.productId, row.neighbourId, row.score, row.coBuyers]),
      );
    }
  }

  // --- Requests ----------------------------------------------------------------------------------
  // Plain rows, no entity hydration: a request reads hundreds of neighbours and candidates, and only the
  // products on the final page (and the member's own) become catalog entities (see the service).

  /** The member's most bought products (ties: latest first), the same statement the entity read ran. */
  async history(manager: EntityManager, memberId: number, limit: number): Promise<HistoryRow[]> {
    const rows = (await manager.query(
      `SELECT memberId, productId, purchases, firstPurchasedAt, lastPurchasedAt FROM rec_member_product
       WHERE memberId = ? ORDER BY purchases DESC, lastPurchasedAt DESC LIMIT ${Math.trunc(limit)}`,
      [memberId],
    )) as Record<keyof HistoryRow, number | string | Date>[];
    return rows.map((row) => ({
      productId: Number(row.productId),
      purchases: Number(row.purchases),
      firstPurchasedAt: hydratedDate(row.firstPurchasedAt as string | Date),
      lastPurchasedAt: hydratedDate(row.lastPurchasedAt as string | Date),
    }));
  }

  /**
   * In one statement: the neighbours of `productIds` with each neighbour's facts (listed: active and
   * within `category`, by the catalog's subquery), and the buyers of `productIds` themselves.
   */
  async neighbourhood(
    manager: EntityManager,
    memberId: number,
    productIds: readonly number[],
    category: string | null | undefined,
  ): Promise<{
    neighbours: Map<number, Neighbour[]>;
    facts: Map<number, CandidateFacts>;
    buyers: Map<number, number>;
  }> {
    const neighbours = new Map<number, Neighbour[]>();
    const facts = new Map<number, CandidateFacts>();
    const buyers = new Map<number, number>();
    if (!productIds.length) return { neighbours, facts, buyers };
    const listed = this.catalog.activeProductIdsSql({ category });
    const rows = await this.run(
      manager,
      `SELECT n.productId AS productId, n.neighbourId AS neighbourId, n.score AS score, n.coBuyers AS coBuyers,
         s.buyers AS buyers,
         CASE WHEN n.neighbourId IN (${listed.sql}) THEN 1 ELSE 0 END AS listed,
         CASE WHEN ${purchasedBy('n.neighbourId')} THEN 1 ELSE 0 END AS purchased
       FROM rec_product_neighbour n LEFT JOIN rec_product_stats s ON s.productId = n.neighbourId
       WHERE n.productId IN (:...productIds)
       UNION ALL
       SELECT h.productId, NULL, NULL, NULL, h.buyers, 0, 1 FROM rec_product_stats h
       WHERE h.productId IN (:...productIds)`,
      { ...listed.parameters, memberId, productIds: [...productIds] },
    );
    for (const row of rows) {
      const productId = Number(row.productId);
      if (row.neighbourId === null) {
        buyers.set(productId, Number(row.buyers));
        continue;
      }
      const neighbourId = Number(row.neighbourId);
      const list = neighbours.get(productId) ?? [];
      list.push({ neighbourId, score: Number(row.score), coBuyers: Number(row.coBuyers) });
      neighbours.set(productId, list);
      facts.set(neighbourId, {
        buyers: Number(row.buyers ?? 0),
        listed: Number(row.listed) === 1,
        purchased: Number(row.purchased) === 1,
      });
    }
    return { neighbours, facts, buyers };
  }

  /**
   * The most bought active products, optionally within categories (exact) or under a category prefix,
   * with their facts (all listed).
   */
  async popular(
    manager: EntityManager,
    memberId: number,
    scope: { categories?: readonly string[] | null; category?: string | null },
    limit: number,
  ): Promise<{ productId: number; facts: CandidateFacts }[]> {
    if (scope.categories && !scope.categories.length) return [];
    const products = this.catalog.activeProductIdsSql(scope);
    const rows = await this.run(
      manager,
      `SELECT s.productId AS productId, s.buyers AS buyers,
         CASE WHEN ${purchasedBy('s.productId')} THEN 1 ELSE 0 END AS purchased
       FROM rec_product_stats s WHERE s.productId IN (${products.sql})
       ORDER BY s.buyers DESC, s.productId ASC LIMIT ${Math.trunc(limit)}`,
      { ...products.parameters, memberId },
    );
    return rows.map((row) => ({
      productId: Number(row.productId),
      facts: { buyers: Number(row.buyers), listed: true, purchased: Number(row.purchased) === 1 },
    }));
  }

  private run(
    manager: EntityManager,
    sql: string,
    parameters: Record<string, unknown>,
  ): Promise<Record<string, unknown>[]> {
    const [text, values] = manager.connection.driver.escapeQueryWithParameters(sql, parameters);
    return manager.query(text, values);
  }

  products(manager: EntityManager, ids: readonly number[]): Promise<Product[]> {
    return this.catalog.findByIds(manager, ids);
  }

  // --- Dismissals --------------------------------------------------------------------------------

  async dismissedIds(
    manager: EntityManager,
    memberId: number,
    itemType: RecommendationItemType,
  ): Promise<Set<number>> {
    const rows = (await manager.query(
      'SELECT itemId FROM recommendation_dismissal WHERE memberId = ? AND itemType = ?',
      [memberId, itemType],
    )) as { itemId: number | string }[];
    return new Set(rows.map((row) => Number(row.itemId)));
  }

  findDismissal(manager: EntityManager, memberId: number, itemType: RecommendationItemType, itemId: number) {
    return manager.findOne(RecommendationDismissal, { where: { memberId, itemType, itemId } });
  }

  async insertDismissal(manager: EntityManager, values: Partial<RecommendationDismissal>): Promise<void> {
    await manager.insert(RecommendationDismissal, values);
  }

  // --- Privacy -----------------------------------------------------------------------------------

  dismissalsOf(manager: EntityManager, memberId: number): Promise<RecommendationDismissal[]> {
    return manager.find(RecommendationDismissal, { where: { memberId }, order: { id: 'ASC' } });
  }

  async forgetMember(manager: EntityManager, memberId: number): Promise<void> {
    await manager.delete(RecommendationDismissal, { memberId });
    await manager.delete(MemberProduct, { memberId });
  }

  /** The survivor takes over the duplicate's purchases (added up) and dismissals (union). */
  async mergeMember(manager: EntityManager, fromId: number, toId: number): Promise<void> {
    const purchases = await manager.find(MemberProduct, { where: { memberId: fromId } });
    await incrementUpsert(
      manager,
      this.db.kind,
      MEMBER_PRODUCT_UPSERT,
      purchases.map((row) => ({
        memberId: toId,
        productId: row.productId,
        purchases: row.purchases,
        lastPurchasedAt: sqlDateTime(row.lastPurchasedAt),
        firstPurchasedAt: sqlDateTime(row.firstPurchasedAt),
      })),
    );
    await manager.delete(MemberProduct, { memberId: fromId });
    const survivor = await this.dismissalsOf(manager, toId);
    const taken = new Set(survivor.map((d) => `${d.itemType}:${d.itemId}`));
    for (const dismissal of await this.dismissalsOf(manager, fromId)) {
      if (taken.has(`${dismissal.itemType}:${dismissal.itemId}`))
        await manager.delete(RecommendationDismissal, { id: dismissal.id });
      else await manager.update(RecommendationDismissal, { id: dismissal.id }, { memberId: toId });
    }
  }
}
