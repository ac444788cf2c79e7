import type { EntityManager } from 'typeorm';
import type { DatabaseKind } from '../src/data/data-source';
import { Product } from '../src/modules/catalog';
import { Order, OrderStatus, OrderLine } from '../src/modules/orders';
import type { SyntheticOrder } from './synthetic-orders';
import { clock } from '../src/common/clock';

/** The same bound-parameter limits as the member writer (SQLite's default, MySQL's prepared-statement cap). */
const MAX_PARAMETERS = { sqlite: 32_766, mysql: 65_535 } as const;
/** TypeORM builds a statement in time that grows faster than its rows: past a few hundred, smaller is faster. */
const MAX_ROWS_PER_STATEMENT = 500;

export type ProductIndex = Map<string, { id: number; category: string }>;

/** The catalog's products by SKU, for the lines' product id and category (as the orders service resolves them). */
export async function productIndex(manager: EntityManager): Promise<ProductIndex> {
  const products = await manager.find(Product, { select: { id: true, sku: true, category: true } });
  return new Map(products.map((product) => [product.sku, { id: product.id, category: product.category }]));
}

/**
 * The fast path for benchmarks: orders and their lines as plain multi-row inserts with explicit ids
 * (for the same reason as the member writer: MariaDB's insert id is wrong for explicit ids). No
 * earning, no ledger, no tiers, no idempotency keys, no events: orders without points, for insight
 * and recommendation benchmarks. Returns how many lines were written.
 */
export async function insertOrders(
  manager: EntityManager,
  kind: DatabaseKind,
  orders: SyntheticOrder[],
  products: ProductIndex,
): Promise<number> {
  if (orders.length === 0) return 0;
  const row = await manager.createQueryBuilder(Order, 'o').select('MAX(o.id)', 'max').getRawOne();
  let nextId = Number(row?.max ?? 0) + 1;
  const now = clock.now();
  const orderRows: Partial<Order>[] = [];
  const lineRows: Partial<OrderLine>[] = [];
  for (const order of orders) {
    const id = nextId++;
    orderRows.push({
      id,
      channel: order.channel,
      externalId: order.externalOrderId,
      memberId: order.memberId,
      storeId: order.storeId,
      currency: order.currency,
      merchandiseMinor: order.merchandiseMinor,
      shippingMinor: order.shippingMinor,
      taxMinor: order.taxMinor,
      totalMinor: order.totalMinor,
      refundedMinor: 0,
      status: OrderStatus.COMPLETED,
      pointsEarned: 0,
      pointsReversed: 0,
      purchasedAt: order.purchasedAt,
      requestHash: '',
      createdAt: now,
      updatedAt: now,
    });
    order.lines.forEach((line, index) => {
      const product = products.get(line.sku);
      lineRows.push({
        orderId: id,
        lineNo: index + 1,
        sku: line.sku,
        productId: product?.id ?? null,
        category: product?.category ?? null,
        quantity: line.quantity,
        unitPriceMinor: line.unitPriceMinor,
        discountMinor: line.discountMinor,
        totalMinor: line.quantity * line.unitPriceMinor - line.discountMinor,
        refundedQuantity: 0,
        refundedMinor: 0,
      });
    });
  }
  await insertChunked(manager, kind, Order, orderRows);
  await insertChunked(manager, kind, OrderLine, lineRows);
  return lineRows.length;
}

async function insertChunked<T extends Order | OrderLine>(
  manager: EntityManager,
  kind: DatabaseKind,
  entity: new () => T,
  rows: Partial<T>[],
): Promise<void> {
  const columns = manager.connection.getMetadata(entity).columns.length;
  const size = Math.min(MAX_ROWS_PER_STATEMENT, Math.floor(MAX_PARAMETERS[kind] / columns));
  for (let start = 0; start < rows.length; start += size) {
    await manager
      .createQueryBuilder()
      .insert()
      .into(entity)
      .values(rows.slice(start, start + size) as never)
      .updateEntity(false)
      .execute();
  }
}
