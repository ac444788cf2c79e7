import 'reflect-metadata';
import { createHash } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { recommendationDataset } from '../seeds/recommendation-datasets';
import { Member } from '../src/modules/members';
import { Product } from '../src/modules/catalog';
import { Order, OrderLine, OrderStatus } from '../src/modules/orders';
import { bootBenchApp, runStandalone, type BenchApp } from './bench-app';
import { iterations, ms, printTable, summarize, timed } from './report';

const DAY_MS = 86_400_000;
/** Orders loaded (the latent generator's first orders by time); BENCH_RECS_ORDERS overrides. */
const ORDERS = Number(process.env.BENCH_RECS_ORDERS ?? 100_000);
/** Shoppers generated: enough for ORDERS (the latent generator averages about 9 orders each over two years). */
const MEMBERS = Number(process.env.BENCH_RECS_MEMBERS ?? Math.ceil(ORDERS / 7));
const ORDERS_PER_INSERT = 500;

const RECOMMEND = `query ($id: ID!) { productRecommendations(memberId: $id, first: 10) {
  score product { id sku title } reason { kind text relatedProduct { sku } } } }`;
const MEMBER = `query ($id: ID!) { member(id: $id) { id firstName } }`;

/**
 * Recommendations at size: ORDERS orders of the latent generator (596 products; tastes, consumable
 * cycles, sequences, seasons) written straight into the order tables, then
 * 1. one SQL statement that recounts every co-buyer pair from the orders (the floor a full recompute is
 *    compared with), the first recompute of the empty model (incremental job, all orders at once), and
 *    the nightly full rebuild over the counted model;
 * 2. `productRecommendations(first: 10)` against `member(id) { id firstName }` over HTTP, in turns
 *    (BENCH_ITERATIONS each, default 200), for members with a history.
 * BENCH_DATABASE_URL=mysql://... runs it on MariaDB (with BENCH_DB_QUERY_TIMEOUT_MS=900000: the pair recount
 * over the order tables outlasts the default 10 s statement limit there); BENCH_CPU_PROFILE_DIR=<dir> writes
 * a CPU profile of each measured phase (recompute, rebuild, http); BENCH_RECS_ORDERS=<n> for a smaller run.
 */
export async function runRecommendationsBench(): Promise<void> {
  const bench = await bootBenchApp({ members: MEMBERS });
  try {
    const loaded = await load(bench);
    const pairs: number[] = [];
    let pairRows = 0;
    for (let run = 0; run < 3; run++) {
      const { ms: took, result } = await timed(() => recountPairs(bench));
      pairs.push(took);
      pairRows = result;
    }
    const floor = summarize(pairs).median;
    const later = new Date(loaded.until.getTime() + DAY_MS);
    const job = (name: string) => bench.app.core.jobs.find((candidate) => candidate.name === name)!;
    const first = await timed(() => profiled('recompute', () => job('recommendations-recompute').run(later)));
    const rebuild = await timed(() => profiled('rebuild', () => job('recommendations-rebuild').run(later)));
    printTable(
      `Recommendations model on ${bench.engine}: ${loaded.orders} orders (${loaded.lines} lines), ${loaded.members} members, ${loaded.products} products`,
      ['work', 'ms', 'x pair recount', 'report'],
      [
        ['one SQL statement recounting co-buyer pairs (median of 3)', ms(floor), '1.0x', `${pairRows} pairs`],
        [
          'first recompute of the empty model (incremental job)',
          ms(first.ms),
          ratioOf(first.ms, floor),
          JSON.stringify(first.result),
        ],
        [
          'full rebuild (nightly job)',
          ms(rebuild.ms),
          ratioOf(rebuild.ms, floor),
          JSON.stringify(rebuild.result),
        ],
      ],
      ['Target: a full recompute within 3x the pair recount. Both jobs include the neighbour refresh.'],
    );

    const count = iterations(200);
    const members = loaded.membersWithHistory;
    for (let i = 0; i < 20; i++) {
      await expectOk(bench.gql(RECOMMEND, { id: String(members[i % members.length]) }));
      await expectOk(bench.gql(MEMBER, { id: String(members[i % members.length]) }));
    }
    const recommend: number[] = [];
    const member: number[] = [];
    await profiled('http', async () => {
      for (let i = 0; i < count; i++) {
        const id = String(members[(i * 7919) % members.length]);
        recommend.push((await timed(() => expectOk(bench.gql(RECOMMEND, { id })))).ms);
        member.push((await timed(() => expectOk(bench.gql(MEMBER, { id })))).ms);
      }
    });
    const r = summarize(recommend);
    const m = summarize(member);
    printTable(
      `One recommendations call vs member(id) over HTTP on ${bench.engine} (${count} each, in turns)`,
      ['query', 'median ms', 'p95 ms', 'x member(id) median'],
      [
        [
          'productRecommendations(first: 10) with reasons',
          ms(r.median),
          ms(r.p95),
          ratioOf(r.median, m.median),
        ],
        ['member(id) { id firstName }', ms(m.median), ms(m.p95), '1.0x'],
      ],
      ['Target: within 2x member(id).'],
    );
  } finally {
    await bench.stop();
  }
}

/**
 * With BENCH_CPU_PROFILE_DIR set, a CPU profile of `work` alone (the inspector's sampling profiler, what
 * `node --cpu-prof` writes for a whole process) is written there as <name>.cpuprofile.
 */
async function profiled<T>(name: string, work: () => Promise<T>): Promise<T> {
  const dir = process.env.BENCH_CPU_PROFILE_DIR;
  if (!dir) return work();
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.start');
  try {
    return await work();
  } finally {
    const { profile } = await session.post('Profiler.stop');
    writeFileSync(`${dir}/${name}.cpuprofile`, JSON.stringify(profile));
    session.disconnect();
  }
}

function ratioOf(value: number, base: number): string {
  return `${(value / base).toFixed(2)}x`;
}

async function expectOk<T extends { errors?: unknown[] }>(response: Promise<T>): Promise<T> {
  const result = await response;
  if (result.errors) throw new Error(JSON.stringify(result.errors));
  return result;
}

/**
 * Every member's distinct products (orders not cancelled, lines not fully refunded) joined with itself:
 * the co-buyer count of every pair, in one statement, all rows fetched.
 */
async function recountPairs(bench: BenchApp): Promise<number> {
  const rows = await bench.app.db.manager.query(
    `WITH mp AS (
       SELECT DISTINCT o.memberId AS memberId, l.productId AS productId
       FROM customer_order o JOIN order_line l ON l.orderId = o.id
       WHERE o.memberId IS NOT NULL AND o.status <> 'CANCELLED' AND l.productId IS NOT NULL
         AND l.refundedQuantity < l.quantity)
     SELECT a.productId AS productId, b.productId AS otherProductId, COUNT(*) AS members
     FROM mp a JOIN mp b ON a.memberId = b.memberId AND a.productId <> b.productId
     GROUP BY a.productId, b.productId`,
  );
  return rows.length;
}

/** Writes the catalogue and ORDERS orders (oldest first) straight into the tables, as if recorded long ago. */
export async function load(bench: BenchApp) {
  const until = new Date('2026-06-30T21:00:00Z');
  const dataset = recommendationDataset('latent', {
    members: MEMBERS,
    seed: 7,
    from: new Date(until.getTime() - 730 * DAY_MS),
    until,
  });
  const orders = [...dataset.orders].sort((a, b) => a.at.getTime() - b.at.getTime()).slice(0, ORDERS);
  const manager = bench.app.db.manager;
  const memberIds = (await manager.find(Member, { select: { id: true }, order: { id: 'ASC' } })).map(
    (m) => m.id,
  );
  const productIds = new Map<number, number>();
  const categories = new Map<number, string>();
  for (let i = 0; i < dataset.products.length; i += 200) {
    const chunk = dataset.products.slice(i, i + 200);
    await manager.insert(
      Product,
      chunk.map((p) => ({
        sku: `LAT-${p.id}`,
        title: p.title,
        category: p.category,
        attributesJson: JSON.stringify(
          Object.entries(p.attributes).map(([name, value]) => ({ name, value })),
        ),
        priceMinor: 1000,
        currency: 'EUR',
        sustainable: p.sustainable,
        active: p.active,
        createdAt: p.availableFrom ?? new Date(until.getTime() - 800 * DAY_MS),
        updatedAt: until,
      })),
    );
  }
  for (const product of await manager.find(Product)) {
    const id = Number(product.sku.slice(4));
    productIds.set(id, product.id);
    categories.set(product.id, product.category);
  }
  let lines = 0;
  for (let first = 0; first < orders.length; first += ORDERS_PER_INSERT) {
    const chunk = orders.slice(first, first + ORDERS_PER_INSERT);
    await bench.app.db.transaction(async (tx) => {
      await tx.insert(
        Order,
        chunk.map((order, i) => ({
          channel: 'bench',
          externalId: `R-${first + i}`,
          memberId: memberIds[(order.memberId - 1) % memberIds.length],
          storeId: null,
          currency: 'EUR',
          merchandiseMinor: 1000 * order.productIds.length,
          totalMinor: 1000 * order.productIds.length,
          status: OrderStatus.COMPLETED,
          purchasedAt: order.at,
          requestHash: createHash('sha256')
            .update(`R-${first + i}`)
            .digest('hex'),
          createdAt: order.at,
          updatedAt: order.at,
        })),
      );
      const ids = await tx.find(Order, {
        select: { id: true, externalId: true },
        where: { channel: 'bench' },
        order: { id: 'DESC' },
        take: chunk.length,
      });
      const idOf = new Map(ids.map((o) => [o.externalId, o.id]));
      const rows = chunk.flatMap((order, i) =>
        order.productIds.map((productId, line) => {
          const id = productIds.get(productId)!;
          return {
            orderId: idOf.get(`R-${first + i}`)!,
            lineNo: line + 1,
            sku: `LAT-${productId}`,
            productId: id,
            category: categories.get(id) ?? null,
            quantity: 1,
            unitPriceMinor: 1000,
            totalMinor: 1000,
          };
        }),
      );
      lines += rows.length;
      for (let i = 0; i < rows.length; i += 500) await tx.insert(OrderLine, rows.slice(i, i + 500));
    });
  }
  const buyers = [...new Set(orders.map((o) => memberIds[(o.memberId - 1) % memberIds.length]))];
  return {
    until: orders[orders.length - 1].at,
    orders: orders.length,
    lines,
    members: memberIds.length,
    products: dataset.products.length,
    membersWithHistory: buyers,
  };
}

if (require.main === module) runStandalone(runRecommendationsBench);
