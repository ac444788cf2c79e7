import 'reflect-metadata';
import { parseArgs } from 'node:util';
import cliProgress from 'cli-progress';
import { loadConfig } from '../src/config/config';
import { describeDatabase, openMigratedDatabase, runCli } from './cli-support';
import { generateMembers } from './generate-members';

const USAGE = `Usage: npm run seed:generate -- --members <n> [--seed <n>] [--batch <n>]

Adds <n> synthetic members (one to three channel identities each) to the configured database
(DATABASE_URL, or the default SQLite file), one transaction per batch.

  --members <n>  members to add, 1 to 100000000 (required)
  --seed <n>     random seed, 0 to 4294967295 (default 42)
  --batch <n>    members per transaction, 1 to 100000 (default 1000)

Ctrl-C stops after the batch in flight; batches already committed stay.`;

interface Arguments {
  members: number;
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
    console.error(
      'Usage: npm run seed:generate -- --members <n> [--seed <n>] [--batch <n>]   (--help for details)',
    );
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
      format: 'members {bar} {percentage}% | {value}/{total} | {rate} members/s | ETA {eta_formatted}',
      hideCursor: true,
      etaBuffer: 20,
    },
    cliProgress.Presets.shades_classic,
  );
  try {
    if (migrations.length > 0) console.log(`Applied migrations: ${migrations.join(', ')}`);
    console.log(`Generating ${args.members} members (seed ${args.seed}, batch ${args.batch}) into ${target}`);
    const started = performance.now();
    bar.start(args.members, 0, { rate: 0 });
    const result = await generateMembers(db, {
      count: args.members,
      seed: args.seed,
      batchSize: args.batch,
      shouldStop: () => stopRequested,
      onBatch: ({ members }) => {
        bar.update(members, { rate: Math.round(members / ((performance.now() - started) / 1000)) });
      },
    });
    bar.stop();
    if (stopRequested) process.exitCode = 130;
    const seconds = (performance.now() - started) / 1000;
    const rows = result.members + result.identities;
    const ids = result.firstId === null ? '' : ` (ids ${result.firstId}-${result.lastId})`;
    console.log(
      `${stopRequested ? 'Stopped early: inserted' : 'Inserted'} ${result.members} members${ids} and ` +
        `${result.identities} channel identities in ${seconds.toFixed(1)} s: ` +
        `${Math.round(result.members / seconds)} members/s, ${Math.round(rows / seconds)} rows/s`,
    );
  } finally {
    bar.stop();
    process.off('SIGINT', onSigint);
    await db.dataSource.destroy();
  }
}

runCli('seed:generate', main);
