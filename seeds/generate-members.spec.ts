import 'reflect-metadata';
import type { Database } from '../src/data/database';
import { Product } from '../src/modules/catalog/product.entity';
import { Member } from '../src/modules/members/member.entity';
import { Order, OrderLine } from '../src/modules/orders';
import { LedgerEntry } from '../src/modules/points';
import { createScratchDatabase, type TestDatabase } from '../test/harness/test-database';
import { openMigratedDatabase } from './cli-support';
import { DEMO_PRODUCTS } from './demo-products';
import { generateMembers } from './generate-members';

describe('generating members with orders (the fast path)', () => {
  let scratch: TestDatabase;
  let db: Database;

  beforeAll(async () => {
    scratch = await createScratchDatabase(process.env.TEST_DATABASE_URL, 'generate');
    ({ db } = await openMigratedDatabase(scratch.url));
  });
  afterAll(async () => {
    await db.dataSource.destroy();
    await scratch.drop();
  });

  it('writes about the asked number of orders per member, with resolved lines and no points', async () => {
    const batches: number[] = [];
    const result = await generateMembers(db, {
      count: 400,
      seed: 42,
      batchSize: 150,
      ordersPerMember: 6,
      onBatch: ({ orders }) => batches.push(orders),
    });

    expect(result.members).toBe(400);
    expect(await db.manager.count(Member)).toBe(400);
    expect(await db.manager.count(Product)).toBe(DEMO_PRODUCTS.length);
    expect(result.orders / result.members).toBeGreaterThan(4.5);
    expect(result.orders / result.members).toBeLessThan(7.5);
    expect(await db.manager.count(Order)).toBe(result.orders);
    expect(await db.manager.count(OrderLine)).toBe(result.orderLines);
    expect(batches).toHaveLength(3);
    expect(batches[2]).toBe(result.orders);

    const orders = await db.manager.find(Order);
    expect(orders.every((order) => order.pointsEarned === 0 && order.memberId !== null)).toBe(true);
    expect(await db.manager.count(LedgerEntry)).toBe(0);
    const lines = await db.manager.find(OrderLine);
    expect(lines.every((line) => line.productId !== null && line.category !== null)).toBe(true);
    const byOrder = new Map<number, number>();
    for (const line of lines) byOrder.set(line.orderId, (byOrder.get(line.orderId) ?? 0) + line.totalMinor);
    expect(orders.every((order) => byOrder.get(order.id) === order.merchandiseMinor)).toBe(true);
  });

  it('adds members and orders after the ones already there, with new ids', async () => {
    const before = await db.manager.count(Order);
    const result = await generateMembers(db, { count: 50, seed: 43, batchSize: 50, ordersPerMember: 2 });
    expect(result.firstId).toBe(401);
    expect(await db.manager.count(Order)).toBe(before + result.orders);
    expect(await db.manager.count(Product)).toBe(DEMO_PRODUCTS.length);
  });

  it('writes no order and no product when no orders are asked for', async () => {
    const before = await db.manager.count(Order);
    const result = await generateMembers(db, { count: 20, seed: 44, batchSize: 20 });
    expect(result.orders).toBe(0);
    expect(await db.manager.count(Order)).toBe(before);
  });
});
