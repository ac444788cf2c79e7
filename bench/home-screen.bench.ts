import http from 'node:http';
import type { AddressInfo } from 'node:net';
import Sqlite from 'better-sqlite3';
import { jwtVerify } from 'jose';
import mysql from 'mysql2/promise';
import { issueToken } from '../src/auth/token-issuer';
import { insertRows } from '../src/data/insert-row';
import { seedRewards } from '../seeds/demo-rewards';
import { seedTiers } from '../seeds/demo-tiers';
import { bootBenchApp, runStandalone, type BenchApp } from './bench-app';
import { iterations, ms, printTable, spread, summarizeWithP99 } from './report';

const MEMBERS = 5_000;
/** Members with a history (ledger entries, lots, tier row, account) the screen is asked for. */
const ACTIVE = 1_000;
const ENTRIES_PER_MEMBER = 15;
const CONCURRENCY = 10;
const REPETITIONS = 3;
const JWT_SECRET = 'benchmark-secret-that-is-at-least-32-characters';
const DAY = 86_400_000;

/** The member app's home screen (test/e2e/home-screen-statement-count.e2e-spec.ts asserts its statements). */
export const HOME_SCREEN = `query Home { me {
  id firstName lastName
  tier { tier { code name } since }
  tierProgress { current { code } next { code } missingForNext { spendMinor orders } }
  points { available pending held nextExpiry { points expiresAt } }
  pointsLedger(first: 10) { edges { node { id type points reason createdAt } } }
  affordableRewards(first: 10) { id code name pointsPrice }
} }`;

/** What an earning entry's explanation weighs: the rules that fired, their inputs and arithmetic. */
const EXPLANATION = JSON.stringify({
  summary: 'Base rate 1 point per EUR 1.00 on EUR 42.00; coffee x2; member day +50',
  rules: Array.from({ length: 6 }, (_, i) => ({
    ruleId: i + 1,
    version: 3,
    name: `Rule ${i + 1}`,
    kind: 'CATEGORY_MULTIPLIER',
    inputs: { category: 'coffee', merchandiseMinor: 4200, quantity: 3, multiplier: 2 },
    arithmetic: 'floor(4200 / 100) * 1 * 2 = 84',
    points: 84,
  })),
});

interface Side {
  name: string;
  url: string;
}

interface PhaseResult {
  perSecond: number;
  latency: ReturnType<typeof summarizeWithP99>;
  statements: number;
}

/**
 * The member home screen (profile, tier, progress, balance, last 10 ledger entries, affordable
 * rewards) through the product over HTTP, against a hand-written node:http handler answering the same
 * screen from the same database (mysql2 pool of 10, or better-sqlite3 on the same file): JWT check,
 * then the SQL that answer needs, the tier ladder cached as the product caches it. Interleaved phases,
 * REPETITIONS of each, CONCURRENCY clients, the median and [min-max] of the ratio printed.
 */
export async function runHomeScreenBench(): Promise<void> {
  const bench = await bootBenchApp({ members: MEMBERS });
  let handWritten: HandWritten | undefined;
  try {
    await seedHistories(bench);
    handWritten = await startHandWritten(bench);
    const tokens = await Promise.all(
      Array.from({ length: ACTIVE }, (_, i) =>
        issueToken(JWT_SECRET, { role: 'member', subject: String(i + 1), expiresIn: '1h' }),
      ),
    );
    const perPhase = iterations(1_000);
    const product: Side = { name: 'product: GraphQL me { ... } over HTTP', url: bench.app.server.url };
    const baseline: Side = { name: 'hand-written node:http handler', url: handWritten.url };
    await checkSameAnswer(bench, tokens[0], handWritten.url);
    for (const side of [product, baseline]) await phase(bench, side, 200, tokens, handWritten); // warm-up
    const results = new Map<Side, PhaseResult[]>([
      [product, []],
      [baseline, []],
    ]);
    for (let r = 0; r < REPETITIONS; r++) {
      for (const side of r % 2 === 0 ? [product, baseline] : [baseline, product])
        results.get(side)!.push(await phase(bench, side, perPhase, tokens, handWritten));
    }
    const ratios = results.get(product)!.map((p, i) => p.perSecond / results.get(baseline)![i].perSecond);
    printTable(
      `Member home screen on ${bench.engine}: ${perPhase} requests per phase, ${CONCURRENCY} concurrent clients, ${MEMBERS} members (${ACTIVE} with ${ENTRIES_PER_MEMBER} ledger entries), ${REPETITIONS} interleaved repetitions`,
      ['side', 'req/s median [min-max]', 'p50 ms', 'p99 ms', 'statements/request'],
      [product, baseline].map((side) => {
        const list = results.get(side)!;
        const mid = [...list].sort((a, b) => a.perSecond - b.perSecond)[Math.floor(list.length / 2)];
        return [
          side.name,
          spread(
            list.map((p) => p.perSecond),
            0,
          ),
          ms(mid.latency.median),
          ms(mid.latency.p99),
          mid.statements.toFixed(1),
        ];
      }),
      [`Home screen, product vs hand-written: ${spread(ratios, 2)}x the requests per second.`],
    );
  } finally {
    await handWritten?.stop();
    await bench.stop();
  }
}

async function phase(
  bench: BenchApp,
  side: Side,
  count: number,
  tokens: string[],
  handWritten: HandWritten,
): Promise<PhaseResult> {
  const latencies: number[] = [];
  const before = bench.app.statements.count + handWritten.statements;
  let issued = 0;
  const body = JSON.stringify({ query: HOME_SCREEN });
  const started = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (issued < count) {
        const token = tokens[(issued * 7919) % tokens.length];
        issued += 1;
        const t0 = performance.now();
        const response = await fetch(side.url, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
          body,
        });
        const text = await response.text();
        if (response.status !== 200 || text.includes('"errors"')) throw new Error(`${side.name}: ${text}`);
        latencies.push(performance.now() - t0);
      }
    }),
  );
  const elapsed = (performance.now() - started) / 1000;
  const statements = bench.app.statements.count + handWritten.statements - before;
  return { perSecond: count / elapsed, latency: summarizeWithP99(latencies), statements: statements / count };
}

/** Both sides must answer the same screen, or the comparison means nothing. */
async function checkSameAnswer(bench: BenchApp, token: string, url: string): Promise<void> {
  const ask = async (target: string) => {
    const response = await fetch(target, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query: HOME_SCREEN }),
    });
    return JSON.stringify(await response.json());
  };
  const [product, baseline] = await Promise.all([ask(bench.app.server.url), ask(url)]);
  if (product !== baseline) throw new Error(`the two sides differ:\n${product}\n${baseline}`);
}

/**
 * Gives the first ACTIVE members what a member of a year has: a tier row, ENTRIES_PER_MEMBER ledger
 * entries (earn, redeem, adjust) with their explanation, active lots, an account, and the demo tiers
 * and rewards. Orders for the tier progress come from the same rows (one a month).
 */
async function seedHistories(bench: BenchApp): Promise<void> {
  const { db } = bench.app;
  const now = new Date();
  await db.transaction(async (manager) => {
    await seedTiers(manager);
    await seedRewards(manager);
  });
  // Earned tiers only (the paid one is bought, not reached), above the entry tier.
  const earned = (await db.dataSource.query(
    `SELECT id FROM tier WHERE paid = ? AND minSpendMinor IS NOT NULL ORDER BY \`rank\``,
    [false],
  )) as { id: number }[];
  for (let first = 1; first <= ACTIVE; first += 100) {
    await db.transaction(async (manager) => {
      const ids = Array.from({ length: Math.min(100, ACTIVE - first + 1) }, (_, i) => first + i);
      const entries = [];
      const accounts = [];
      const tiers = [];
      const orders = [];
      for (const memberId of ids) {
        let balance = 0;
        for (let e = 0; e < ENTRIES_PER_MEMBER; e++) {
          const points = e % 5 === 4 ? -150 : 40 + ((memberId * 13 + e * 7) % 160);
          balance += points;
          entries.push({
            memberId,
            type: points < 0 ? 'SPEND' : 'EARN',
            points: Math.abs(points),
            availableDelta: points,
            pendingDelta: 0,
            heldDelta: 0,
            availableAfter: balance,
            uncollected: 0,
            sourceKind: points < 0 ? 'REWARD' : 'ORDER',
            reason: points < 0 ? 'Reward redeemed' : `Order BENCH-${memberId}-${e} (online-store)`,
            explanationJson: EXPLANATION,
            createdAt: new Date(now.getTime() - (ENTRIES_PER_MEMBER - e) * 20 * DAY),
          });
          if (e % 3 === 0)
            orders.push({
              channel: 'online-store',
              externalId: `HOME-${memberId}-${e}`,
              memberId,
              storeId: null,
              currency: 'EUR',
              merchandiseMinor: 4200 + e * 100,
              shippingMinor: 0,
              taxMinor: 0,
              totalMinor: 4200 + e * 100,
              refundedMinor: 0,
              status: 'COMPLETED',
              pointsEarned: 42,
              pointsReversed: 0,
              purchasedAt: new Date(now.getTime() - (ENTRIES_PER_MEMBER - e) * 20 * DAY),
              requestHash: '',
              createdAt: now,
              updatedAt: now,
            });
        }
        accounts.push({ memberId, available: balance + 2000, pending: 0, held: 0, debt: 0, updatedAt: now });
        if (memberId % 3 !== 0)
          tiers.push({
            memberId,
            tierId: earned[memberId % earned.length].id,
            achievedAt: new Date(now.getTime() - 100 * DAY),
            reviewAt: new Date(now.getTime() + 265 * DAY),
            graceUntil: null,
            manual: false,
            manualReason: null,
            assignedBy: null,
            updatedAt: now,
          });
      }
      // Plain multi-row inserts: TypeORM's insert re-reads generated columns, and on SQLite its
      // "id = 1 OR id = 2 ..." over 1,500 rows passes the expression depth limit.
      await insertRows(manager, 'Order', orders);
      await insertRows(manager, 'LedgerEntry', entries);
      await insertRows(manager, 'PointsAccount', accounts);
      await insertRows(manager, 'MemberTierRow', tiers);
      const lots = ids.flatMap((memberId) =>
        [0, 1, 2].map((l) => ({
          memberId,
          entryId: (memberId - 1) * ENTRIES_PER_MEMBER + 1 + l,
          orderId: null,
          points: 800 + l * 100,
          remaining: 800 + l * 100,
          expiredPoints: 0,
          owed: 0,
          status: 'ACTIVE',
          earnedAt: new Date(now.getTime() - (300 - l * 30) * DAY),
          expiresAt: new Date(now.getTime() + (60 + l * 30 + (memberId % 20)) * DAY),
          pendingUntil: null,
          warnedAt: null,
        })),
      );
      await insertRows(manager, 'PointsLot', lots);
    });
  }
}

interface HandWritten {
  url: string;
  /** Statements the handler sent so far. */
  readonly statements: number;
  stop(): Promise<void>;
}

type Row = Record<string, unknown>;

/**
 * The floor: node:http, JSON body read, HS256 token verified with jose, then the statements the screen
 * needs through the bare driver (member with tier row, account with overdue lots, next expiry, ledger
 * page, the two qualification figures, affordable rewards); the ladder and settings read once.
 */
async function startHandWritten(bench: BenchApp): Promise<HandWritten> {
  const { db } = bench.app;
  let statements = 0;
  let run: (sql: string, params: unknown[]) => Promise<Row[]>;
  let close: () => Promise<void>;
  let toParam: (date: Date) => unknown;
  const options = db.dataSource.options as { type: string; database?: string; url?: string };
  if (db.kind === 'mysql') {
    const pool = mysql.createPool({ uri: options.url, connectionLimit: 10, dateStrings: false });
    run = async (sql, params) => {
      statements += 1;
      const [rows] = await pool.query(sql, params);
      return rows as Row[];
    };
    close = () => pool.end();
    toParam = (date) => date;
  } else {
    const sqlite = new Sqlite(String(options.database), { readonly: true });
    const cache = new Map<string, Sqlite.Statement>();
    run = (sql, params) => {
      statements += 1;
      let statement = cache.get(sql);
      if (!statement) cache.set(sql, (statement = sqlite.prepare(sql)));
      return Promise.resolve(statement.all(...params) as Row[]);
    };
    close = () => Promise.resolve(void sqlite.close());
    // TypeORM writes SQLite datetimes as UTC 'YYYY-MM-DD HH:MM:SS.SSS' text.
    toParam = (date) => date.toISOString().replace('T', ' ').replace('Z', '');
  }
  const asDate = (value: unknown): Date =>
    value instanceof Date ? value : new Date(`${String(value).replace(' ', 'T')}Z`);
  const iso = (value: unknown) =>
    value === null || value === undefined ? null : asDate(value).toISOString();

  const ladder = (
    await run('SELECT id, code, name, `rank`, paid, minSpendMinor, minOrders FROM tier ORDER BY `rank`', [])
  )
    .map((t) => ({
      id: Number(t.id),
      code: String(t.code),
      name: String(t.name),
      rank: Number(t.rank),
      paid: Boolean(Number(t.paid)),
      minSpendMinor: t.minSpendMinor === null ? null : Number(t.minSpendMinor),
      minOrders: t.minOrders === null ? null : Number(t.minOrders),
    }))
    .sort((a, b) => a.rank - b.rank);
  const settings = (await run('SELECT * FROM tier_settings LIMIT 1', []))[0] ?? {};
  const windowMonths = Number(settings.windowMonths ?? 12);
  const secret = new TextEncoder().encode(JWT_SECRET);

  const answer = async (memberId: number) => {
    const now = new Date();
    const windowStart = new Date(now);
    windowStart.setUTCMonth(windowStart.getUTCMonth() - windowMonths);
    const [[member], [account], lots, ledger, [spend], [qualifying]] = await Promise.all([
      run(
        'SELECT m.id, m.firstName, m.lastName, m.status, t.tierId, t.achievedAt FROM member m LEFT JOIN member_tier t ON t.memberId = m.id WHERE m.id = ?',
        [memberId],
      ),
      run(
        "SELECT a.available, a.pending, a.held, (SELECT COALESCE(SUM(l.remaining), 0) FROM points_lot l WHERE l.memberId = a.memberId AND l.status = 'ACTIVE' AND l.remaining > 0 AND l.expiresAt <= ?) AS overdue FROM points_account a WHERE a.memberId = ?",
        [toParam(now), memberId],
      ),
      run(
        "SELECT remaining, expiresAt FROM points_lot WHERE memberId = ? AND status = 'ACTIVE' AND remaining > 0 AND expiresAt > ?",
        [memberId, toParam(now)],
      ),
      run(
        'SELECT id, type, points, reason, createdAt FROM ledger_entry WHERE memberId = ? ORDER BY id DESC LIMIT 10',
        [memberId],
      ),
      run(
        "SELECT SUM(merchandiseMinor - refundedMinor) AS spend, COUNT(*) AS orders FROM customer_order WHERE memberId = ? AND purchasedAt >= ? AND status IN ('COMPLETED', 'PARTIALLY_REFUNDED')",
        [memberId, toParam(windowStart)],
      ),
      run(
        "SELECT SUM(points) AS points FROM ledger_entry WHERE memberId = ? AND type = 'EARN' AND sourceKind IN ('ORDER', 'BEHAVIOUR') AND createdAt >= ?",
        [memberId, toParam(windowStart)],
      ),
    ]);
    const available = Math.max(0, Number(account?.available ?? 0) - Number(account?.overdue ?? 0));
    const current = ladder.find((t) => t.id === Number(member.tierId)) ?? ladder[0];
    const next = ladder.find((t) => t.rank > current.rank && !t.paid) ?? null;
    const rewards = await run(
      'SELECT id, code, name, pointsPrice, minimumTierCode FROM reward WHERE active = ? AND (validFrom IS NULL OR validFrom <= ?) AND (validUntil IS NULL OR validUntil > ?) AND (stock IS NULL OR stock >= 1) AND (globalLimit IS NULL OR redeemedCount < globalLimit) AND pointsPrice <= ? ORDER BY id LIMIT 1000',
      [1, toParam(now), toParam(now), available],
    );
    const rankOf = (code: unknown) => ladder.find((t) => t.code === code)?.rank ?? Infinity;
    const affordable = rewards
      .filter((r) => r.minimumTierCode === null || rankOf(r.minimumTierCode) <= current.rank)
      .sort(
        (a, b) =>
          Number(b.minimumTierCode !== null) - Number(a.minimumTierCode !== null) ||
          Number(a.pointsPrice) - Number(b.pointsPrice) ||
          Number(a.id) - Number(b.id),
      )
      .slice(0, 10);
    let nextExpiry: { points: number; expiresAt: Date } | null = null;
    for (const lot of lots) {
      const at = asDate(lot.expiresAt);
      if (!nextExpiry || at < nextExpiry.expiresAt)
        nextExpiry = { points: Number(lot.remaining), expiresAt: at };
      else if (at.getTime() === nextExpiry.expiresAt.getTime()) nextExpiry.points += Number(lot.remaining);
    }
    const spent = Number(spend?.spend ?? 0);
    const orders = Number(spend?.orders ?? 0);
    void qualifying;
    return {
      data: {
        me: {
          id: String(member.id),
          firstName: member.firstName,
          lastName: member.lastName,
          tier: { tier: { code: current.code, name: current.name }, since: iso(member.achievedAt) },
          tierProgress: {
            current: { code: current.code },
            next: next ? { code: next.code } : null,
            missingForNext: next
              ? {
                  spendMinor: Math.max(0, Number(next.minSpendMinor ?? 0) - spent),
                  orders: Math.max(0, Number(next.minOrders ?? 0) - orders),
                }
              : null,
          },
          points: {
            available,
            pending: Number(account?.pending ?? 0),
            held: Number(account?.held ?? 0),
            nextExpiry: nextExpiry
              ? { points: nextExpiry.points, expiresAt: nextExpiry.expiresAt.toISOString() }
              : null,
          },
          pointsLedger: {
            edges: ledger.map((e) => ({
              node: {
                id: String(e.id),
                type: e.type,
                points: Number(e.points),
                reason: e.reason,
                createdAt: iso(e.createdAt),
              },
            })),
          },
          affordableRewards: affordable.map((r) => ({
            id: String(r.id),
            code: r.code,
            name: r.name,
            pointsPrice: Number(r.pointsPrice),
          })),
        },
      },
    };
  };

  const server = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      void (async () => {
        try {
          JSON.parse(Buffer.concat(chunks).toString('utf8'));
          const token = (request.headers.authorization ?? '').replace(/^Bearer /, '');
          const { payload } = await jwtVerify(token, secret, { algorithms: ['HS256'] });
          const body = JSON.stringify(await answer(Number(payload.sub)));
          response.writeHead(200, { 'content-type': 'application/json' }).end(body);
        } catch (error) {
          response.writeHead(500).end(JSON.stringify({ errors: [{ message: String(error) }] }));
        }
      })();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/graphql`,
    get statements() {
      return statements;
    },
    async stop() {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
      await close();
    },
  };
}

if (require.main === module) runStandalone(runHomeScreenBench);
