import type { EntityManager } from 'typeorm';
import { sqlDateTime } from '../src/data/grouped-figures';
import { Product } from '../src/modules/catalog';
import { EarningRule } from '../src/modules/earning';
import { seedEarningRules } from '../seeds/demo-earning-rules';
import { seedTiers } from '../seeds/demo-tiers';
import { bootBenchApp, runStandalone, type BenchApp } from './bench-app';
import { iterations, ms, printTable, ratio, spread, summarizeWithP99 } from './report';

const MEMBERS = 2_000;
const PRODUCTS = 40;
const CONCURRENCY = 8;
const RULES_CACHE_TTL_MS = 5_000;
const RECORD = `mutation Record($input: RecordOrderInput!) { recordOrder(input: $input) { id pointsEarned } }`;
const CATEGORIES = ['coffee', 'tea', 'bakery', 'eco/reusables', 'homeware'];
const REPETITIONS = 3;

/**
 * Orders recorded per second through `recordOrder` over HTTP, with the demo earning rules (13 rules:
 * base rate, category multiplier and fixed points, member day, behaviours) and the tier ladder, against
 * a baseline measured in the same run on the same database: the same orders with no earning rule
 * active (order, lines, idempotency, events: everything but the rules and the points they move).
 */
export async function runOrdersRecordingBench(): Promise<void> {
  const bench = await bootBenchApp({ members: MEMBERS });
  const { app } = bench;
  try {
    const perPhase = iterations(400);
    await app.db.transaction(async (manager) => {
      await insertProducts(manager);
      await seedTiers(manager);
    });
    let sequence = 0;
    const nextOrder = () => orderInput(++sequence);

    await phase(bench, 150, nextOrder); // warm-up (JIT, caches), no rules
    const before = await phase(bench, perPhase, nextOrder);
    await app.db.transaction((manager) => seedEarningRules(manager));
    const activeRules = await app.db.manager.count(EarningRule);
    await waitForRulesCache();
    await phase(bench, 50, nextOrder); // warm-up with rules
    await handWrittenPhase(bench, 50, nextOrder); // warm-up of the hand-written transaction
    // The product with the rules and the hand-written transaction, interleaved REPETITIONS times
    // (alternating which goes first), so the ratio comes with its spread.
    const withRules: PhaseResult[] = [];
    const handWritten: PhaseResult[] = [];
    for (let r = 0; r < REPETITIONS; r++) {
      const product = async () => withRules.push(await phase(bench, perPhase, nextOrder));
      const floor = async () => handWritten.push(await handWrittenPhase(bench, perPhase, nextOrder));
      for (const run of r % 2 === 0 ? [product, floor] : [floor, product]) await run();
    }
    // The baseline again after the rules phase, so drift during the run shows instead of hiding.
    await app.db.manager.update(EarningRule, { active: true }, { active: false });
    await waitForRulesCache();
    const after = await phase(bench, perPhase, nextOrder);
    const baselinePerSecond = (before.perSecond + after.perSecond) / 2;
    const baselineStatements = (before.statements + after.statements) / 2;
    const rules = middle(withRules);
    const floor = middle(handWritten);
    const ratios = withRules.map((result, i) => result.perSecond / handWritten[i].perSecond);

    printTable(
      `recordOrder over HTTP on ${bench.engine}: ${perPhase} orders per phase, ${CONCURRENCY} concurrent clients, ${MEMBERS} members; rules and hand-written: median phase of ${REPETITIONS} interleaved`,
      ['phase', 'orders/s', 'median ms', 'p99 ms', 'statements/order', 'points/order'],
      [
        row('baseline: no earning rules (before)', before),
        row(`with ${activeRules} earning rules + tiers`, rules),
        row('baseline: no earning rules (after)', after),
        row('hand-written transaction (no HTTP, no rules)', floor),
      ],
      [
        `Earning rules cost: ${ratio(baselinePerSecond / rules.perSecond)} the time per order of the mean baseline ` +
          `(${(rules.statements - baselineStatements).toFixed(1)} more statements: rules, ledger entry, lot, account, tier check).`,
        `recordOrder with the rules vs the hand-written transaction of the same run: ` +
          `${spread(ratios, 3)}x the orders per second ` +
          `(${rules.statements.toFixed(1)} vs ${floor.statements.toFixed(1)} statements per order; ` +
          `the product's orders/s over the repetitions: ${spread(
            withRules.map((r) => r.perSecond),
            0,
          )}).`,
      ],
    );
  } finally {
    await bench.stop();
  }
}

/** The phase with the median orders per second. */
function middle(results: PhaseResult[]): PhaseResult {
  return [...results].sort((a, b) => a.perSecond - b.perSecond)[Math.floor(results.length / 2)];
}

function row(name: string, result: PhaseResult): string[] {
  return [
    name,
    result.perSecond.toFixed(0),
    ms(result.latency.median),
    ms(result.latency.p99),
    result.statements.toFixed(1),
    result.points.toFixed(1),
  ];
}

/**
 * Rules written straight to the table (not through the admin API, which invalidates at once) are
 * picked up when the earning context's active-rules cache expires.
 */
function waitForRulesCache(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, RULES_CACHE_TTL_MS + 100));
}

interface PhaseResult {
  perSecond: number;
  latency: ReturnType<typeof summarizeWithP99>;
  statements: number;
  points: number;
}

async function phase(
  bench: BenchApp,
  count: number,
  next: () => Record<string, unknown>,
): Promise<PhaseResult> {
  const latencies: number[] = [];
  let points = 0;
  let failures = 0;
  const before = bench.app.statements.count;
  const started = performance.now();
  let issued = 0;
  const client = async () => {
    while (issued < count) {
      issued += 1;
      const input = next();
      const t0 = performance.now();
      const result = await bench.gql(RECORD, { input });
      latencies.push(performance.now() - t0);
      if (result.errors) failures += 1;
      else points += Number((result.data?.recordOrder as { pointsEarned: number }).pointsEarned);
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, client));
  const elapsed = (performance.now() - started) / 1000;
  if (failures > 0) throw new Error(`${failures} orders failed to record`);
  return {
    perSecond: count / elapsed,
    latency: summarizeWithP99(latencies),
    statements: (bench.app.statements.count - before) / count,
    points: points / count,
  };
}

/**
 * The floor the product is compared with (issue 12): what a hand-written handler would send for the
 * same orders, as one transaction of raw statements through the same driver and pool (order, lines,
 * ledger entry, lot, account), with the same concurrency and no HTTP, GraphQL or rules.
 */
async function handWrittenPhase(
  bench: BenchApp,
  count: number,
  next: () => Record<string, unknown>,
): Promise<PhaseResult> {
  const latencies: number[] = [];
  const before = bench.app.statements.count;
  const started = performance.now();
  let issued = 0;
  const client = async () => {
    while (issued < count) {
      issued += 1;
      const input = next() as {
        channel: string;
        storeId: string | null;
        externalOrderId: string;
        memberId: string;
        lines: { sku: string; quantity: number; unitPriceMinor: number }[];
        totalMinor: number;
        purchasedAt: string;
      };
      const t0 = performance.now();
      await bench.app.db.transaction(async (manager) => {
        // UTC text, as both engines store datetimes (better-sqlite3 cannot bind a Date).
        const at = sqlDateTime(new Date(input.purchasedAt));
        const memberId = Number(input.memberId);
        const points = Math.floor(input.totalMinor / 100);
        const order = await manager.query(
          `INSERT INTO customer_order (channel, externalId, memberId, storeId, currency, merchandiseMinor, shippingMinor, taxMinor, totalMinor, refundedMinor, status, pointsEarned, pointsReversed, purchasedAt, requestHash, createdAt, updatedAt)
           VALUES (?, ?, ?, ?, 'EUR', ?, 0, 0, ?, 0, 'COMPLETED', ?, 0, ?, '', ?, ?)`,
          [
            input.channel,
            `HAND-${input.externalOrderId}`,
            memberId,
            input.storeId,
            input.totalMinor,
            input.totalMinor,
            points,
            at,
            at,
            at,
          ],
        );
        const orderId = insertedId(order);
        await manager.query(
          `INSERT INTO order_line (orderId, lineNo, sku, productId, category, quantity, unitPriceMinor, discountMinor, totalMinor, refundedQuantity, refundedMinor) VALUES ${input.lines.map(() => "(?, ?, ?, NULL, 'bench', ?, ?, 0, ?, 0, 0)").join(', ')}`,
          input.lines.flatMap((line, i) => [
            orderId,
            i + 1,
            line.sku,
            line.quantity,
            line.unitPriceMinor,
            line.quantity * line.unitPriceMinor,
          ]),
        );
        await manager.query(
          `UPDATE points_account SET available = available + ?, updatedAt = ? WHERE memberId = ?`,
          [points, at, memberId],
        );
        const entry = await manager.query(
          `INSERT INTO ledger_entry (memberId, type, points, availableDelta, pendingDelta, heldDelta, availableAfter, uncollected, sourceKind, reason, orderId, explanationJson, createdAt)
           VALUES (?, 'EARN', ?, ?, 0, 0, 0, 0, 'ORDER', 'bench', ?, '{}', ?)`,
          [memberId, points, points, orderId, at],
        );
        await manager.query(
          `INSERT INTO points_lot (memberId, entryId, orderId, points, remaining, expiredPoints, owed, status, earnedAt) VALUES (?, ?, ?, ?, ?, 0, 0, 'ACTIVE', ?)`,
          [memberId, insertedId(entry), orderId, points, points, at],
        );
      });
      latencies.push(performance.now() - t0);
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, client));
  const elapsed = (performance.now() - started) / 1000;
  return {
    perSecond: count / elapsed,
    latency: summarizeWithP99(latencies),
    statements: (bench.app.statements.count - before) / count,
    points: 0,
  };
}

/** MySQL answers an INSERT with a header holding insertId; TypeORM's SQLite driver with the row id. */
function insertedId(result: unknown): number {
  const raw = result as number | { insertId?: number };
  return Number(typeof raw === 'number' ? raw : raw.insertId);
}

async function insertProducts(manager: EntityManager): Promise<void> {
  const now = new Date();
  await manager.insert(
    Product,
    Array.from({ length: PRODUCTS }, (_, i) => ({
      sku: `BENCH-${i}`,
      title: `Bench product ${i}`,
      category: CATEGORIES[i % CATEGORIES.length],
      attributesJson: '[]',
      priceMinor: 300 + i * 75,
      currency: 'EUR',
      sustainable: i % CATEGORIES.length === 3,
      active: true,
      createdAt: now,
      updatedAt: now,
    })),
  );
}

/** A deterministic order of 1 to 4 lines for member (n mod MEMBERS) + 1. */
function orderInput(n: number): Record<string, unknown> {
  const lines = Array.from({ length: 1 + (n % 4) }, (_, i) => {
    const product = (n * 7 + i * 13) % PRODUCTS;
    return { sku: `BENCH-${product}`, quantity: 1 + ((n + i) % 3), unitPriceMinor: 300 + product * 75 };
  });
  return {
    channel: n % 3 === 0 ? 'pos' : 'online-store',
    storeId: n % 3 === 0 ? 'berlin-1' : null,
    externalOrderId: `BENCH-${n}`,
    memberId: String((n % MEMBERS) + 1),
    currency: 'EUR',
    purchasedAt: new Date(Date.now() - 3_600_000).toISOString(),
    lines,
    totalMinor: lines.reduce((sum, line) => sum + line.quantity * line.unitPriceMinor, 0),
  };
}

if (require.main === module) runStandalone(runOrdersRecordingBench);
