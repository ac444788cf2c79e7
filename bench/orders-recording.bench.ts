import type { EntityManager } from 'typeorm';
import { Product } from '../src/modules/catalog/product.entity';
import { EarningRule } from '../src/modules/earning/earning-rule.entity';
import { seedEarningRules } from '../seeds/demo-earning-rules';
import { seedTiers } from '../seeds/demo-tiers';
import { bootBenchApp, runStandalone, type BenchApp } from './bench-app';
import { iterations, ms, printTable, ratio, summarize } from './report';

const MEMBERS = 2_000;
const PRODUCTS = 40;
const CONCURRENCY = 8;
const RULES_CACHE_TTL_MS = 5_000;
const RECORD = `mutation Record($input: RecordOrderInput!) { recordOrder(input: $input) { id pointsEarned } }`;
const CATEGORIES = ['coffee', 'tea', 'bakery', 'eco/reusables', 'homeware'];

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

    await phase(bench, 50, nextOrder); // warm-up, no rules
    const baseline = await phase(bench, perPhase, nextOrder);
    await app.db.transaction((manager) => seedEarningRules(manager));
    // Rules written straight to the table (not through the admin API, which invalidates at once)
    // are picked up when the earning context's active-rules cache expires.
    await new Promise((resolve) => setTimeout(resolve, RULES_CACHE_TTL_MS + 100));
    const activeRules = await app.db.manager.count(EarningRule);
    await phase(bench, 50, nextOrder); // warm-up with rules
    const withRules = await phase(bench, perPhase, nextOrder);

    printTable(
      `recordOrder over HTTP on ${bench.engine}: ${perPhase} orders per phase, ${CONCURRENCY} concurrent clients, ${MEMBERS} members`,
      ['phase', 'orders/s', 'median ms', 'p95 ms', 'statements/order', 'points/order'],
      [
        [
          'baseline: no earning rules',
          baseline.perSecond.toFixed(0),
          ms(baseline.latency.median),
          ms(baseline.latency.p95),
          baseline.statements.toFixed(1),
          baseline.points.toFixed(1),
        ],
        [
          `with ${activeRules} earning rules + tiers`,
          withRules.perSecond.toFixed(0),
          ms(withRules.latency.median),
          ms(withRules.latency.p95),
          withRules.statements.toFixed(1),
          withRules.points.toFixed(1),
        ],
      ],
      [
        `Earning rules cost: ${ratio(baseline.perSecond / withRules.perSecond)} the time per order of the baseline ` +
          `(${(withRules.statements - baseline.statements).toFixed(1)} more statements: rules, ledger entry, lot, account, tier check).`,
      ],
    );
  } finally {
    await bench.stop();
  }
}

interface PhaseResult {
  perSecond: number;
  latency: ReturnType<typeof summarize>;
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
    latency: summarize(latencies),
    statements: (bench.app.statements.count - before) / count,
    points: points / count,
  };
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
