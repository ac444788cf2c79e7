import 'reflect-metadata';
import { parseArgs } from 'node:util';
import cliProgress from 'cli-progress';
import { loadConfig } from '../src/config/config';
import { describeDatabase, openMigratedDatabase, runCli } from './cli-support';
import { generateMembers } from './generate-members';

const SHORT_USAGE =
  'Usage: npm run seed:generate -- --members <n> [--orders-per-member <n>] [--seed <n>] [--batch <n>]';

const USAGE = `${SHORT_USAGE}

Adds <n> synthetic members (one to three channel identities each) to the configured database
(DATABASE_URL, or the default SQLite file), one transaction per batch.

  --members <n>            members to add, 1 to 100000000 (required)
  --orders-per-member <n>  about this many orders per member on average over the last year,
                           0 to 100 (default 0: none). These are ORDERS WITHOUT POINTS, for insight
                           and recommendation benchmarks: written straight into the order tables
                           (no earning rules, ledger, tiers, referrals or events), with each
                           member's tastes, favourites, price level, cadence, channels and
                           products bought together. The demo products are added if missing.
                           For orders that earn points, use the demo seed (npm run seed).
  --seed <n>               random seed, 0 to 4294967295 (default 42)
  --batch <n>              members per transaction, 1 to 100000 (default 1000)

Ctrl-C stops after the batch in flight; batches already committed stay.`;

interface Arguments {
  members: number;
  ordersPerMember: number;
  seed: number;
  batch: number;
}

class UsageError extends Error {}

function parseArguments(argv: string[]): Arguments | 'help' {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        members: { type: 'string' },
        'orders-per-member': { type: 'string', default: '0' },
        seed: { type: 'string', default: '42' },
        batch: { type: 'string', default: '1000' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  if (values.help) return 'help';
  const problems: string[] = [];
  const integer = (name: string, raw: string | undefined, min: number, max: number): number => {
    if (raw === undefined) {
      problems.push(`--${name} is required`);
      return 0;
    }
    const value = Number(raw);
    if (!/^\d+$/.test(raw.trim()) || value < min || value > max) {
      problems.push(`--${name} must be a whole number from ${min} to ${max} (got "${raw}")`);
    }
    return value;
  };
  const parsed = {
    members: integer('members', values.members, 1, 100_000_000),
    ordersPerMember: integer('orders-per-member', values['orders-per-member'], 0, 100),
    seed: integer('seed', values.seed, 0, 2 ** 32 - 1),
    batch: integer('batch', values.batch, 1, 100_000),
  };
  if (problems.length > 0) throw new UsageError(problems.join('\n'));
  return parsed;
}

async function main(): Promise<void> {
  let args;
  try {
    args = parseArguments(process.argv.slice(2));
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    for (const line of error.message.split('\n')) console.error(`seed:generate: ${line}`);
    console.error(`${SHORT_USAGE}   (--help for details)`);
    process.exit(64); // EX_USAGE
  }
  if (args === 'help') {
    console.log(USAGE);
    return;
  }

  const config = loadConfig();
  const target = describeDatabase(config.databaseUrl);
  const { db, migrations } = await openMigratedDatabase(config.databaseUrl);
  let stopRequested = false;
  const onSigint = () => {
    if (stopRequested) process.exit(130);
    stopRequested = true;
    console.error('\nStopping after the batch in flight (Ctrl-C again to abort it)...');
  };
  process.on('SIGINT', onSigint);
  const bar = new cliProgress.SingleBar(
    {
      format:
        'members {bar} {percentage}% | {value}/{total} | {rate} members/s | {orders} orders | ETA {eta_formatted}',
      hideCursor: true,
      etaBuffer: 20,
    },
    cliProgress.Presets.shades_classic,
  );
  try {
    if (migrations.length > 0) console.log(`Applied migrations: ${migrations.join(', ')}`);
    const orders =
      args.ordersPerMember > 0 ? ` and about ${args.ordersPerMember} orders each (without points)` : '';
    console.log(
      `Generating ${args.members} members${orders} (seed ${args.seed}, batch ${args.batch}) into ${target}`,
    );
    const started = performance.now();
    bar.start(args.members, 0, { rate: 0, orders: 0 });
    const result = await generateMembers(db, {
      count: args.members,
      seed: args.seed,
      batchSize: args.batch,
      ordersPerMember: args.ordersPerMember,
      shouldStop: () => stopRequested,
      onBatch: ({ members, orders: written }) => {
        bar.update(members, {
          rate: Math.round(members / ((performance.now() - started) / 1000)),
          orders: written,
        });
      },
    });
    bar.stop();
    if (stopRequested) process.exitCode = 130;
    const seconds = (performance.now() - started) / 1000;
    const rows = result.members + result.identities + result.orders + result.orderLines;
    const ids = result.firstId === null ? '' : ` (ids ${result.firstId}-${result.lastId})`;
    const withOrders =
      args.ordersPerMember > 0 ? `, ${result.orders} orders with ${result.orderLines} lines (no points)` : '';
    console.log(
      `${stopRequested ? 'Stopped early: inserted' : 'Inserted'} ${result.members} members${ids}, ` +
        `${result.identities} channel identities${withOrders} in ${seconds.toFixed(1)} s: ` +
        `${Math.round(result.members / seconds)} members/s, ${Math.round(rows / seconds)} rows/s`,
    );
  } finally {
    bar.stop();
    process.off('SIGINT', onSigint);
    await db.dataSource.destroy();
  }
}

runCli('seed:generate', main);
