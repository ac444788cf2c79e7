import 'reflect-metadata';
import { clock } from '../src/common/clock';
import { ActivityEvent } from '../src/modules/activity';
import { bootBenchApp, runStandalone, type BenchApp } from './bench-app';
import { ms, printTable, summarize } from './report';

const DAY_MS = 86_400_000;
const ROWS = Number(process.env.BENCH_RETENTION_ROWS ?? 100_000);
const INSERT_BATCH = 1_000;

/**
 * Activity retention on a full outbox: ROWS events spread over 60 days (half past the 30-day period),
 * deleted by the `activity-retention` job (1,000 ids per statement, each its own transaction), while a
 * writer keeps appending events as the modules do, one short transaction each. The same writer is timed
 * alone (baseline) and beside one unbatched DELETE of the same rows, to show what batching buys the
 * requests that write meanwhile. BENCH_DATABASE_URL=mysql://... runs it on MariaDB.
 */
export async function runRetentionBench(): Promise<void> {
  const rows: string[][] = [];
  for (const mode of ['batched (the job)', 'one DELETE'] as const) {
    const bench = await bootBenchApp();
    try {
      await fill(bench);
      const baseline = await writeWhile(bench, () => new Promise((resolve) => setTimeout(resolve, 2_000)));
      const started = performance.now();
      let deleted = 0;
      const during = await writeWhile(bench, async () => {
        deleted = mode === 'one DELETE' ? await deleteAtOnce(bench) : await runJob(bench);
      });
      const seconds = (performance.now() - started) / 1000;
      const base = summarize(baseline);
      const load = summarize(during);
      rows.push([
        `${bench.engine}, ${mode}`,
        String(deleted),
        seconds.toFixed(2),
        String(Math.round(deleted / seconds)),
        ms(base.median),
        ms(base.p95),
        ms(load.median),
        ms(load.p95),
        ms(load.max),
      ]);
    } finally {
      await bench.stop();
    }
  }
  printTable(
    `Activity retention: ${ROWS} events, half older than 30 days; a writer appends events meanwhile`,
    [
      'engine, delete',
      'deleted',
      's',
      'rows/s',
      'write p50 alone',
      'p95 alone',
      'write p50 during',
      'p95 during',
      'max during',
    ],
    rows,
    ['Write latencies in ms (one INSERT in its own transaction, as every module writes its events).'],
  );
}

async function fill(bench: BenchApp): Promise<void> {
  const now = clock.now().getTime();
  for (let first = 0; first < ROWS; first += INSERT_BATCH) {
    const values = Array.from({ length: Math.min(INSERT_BATCH, ROWS - first) }, (_, i) => ({
      type: 'points.earned',
      memberId: (first + i) % 5_000,
      channel: 'online-store',
      storeId: null,
      plugin: null,
      summary: `bench event ${first + i}`,
      payloadJson: '{"points":10}',
      // Oldest first, as an outbox fills: 60 days ago up to now.
      occurredAt: new Date(now - 60 * DAY_MS + ((first + i) / ROWS) * 60 * DAY_MS),
    }));
    await bench.app.db.transaction((manager) => manager.insert(ActivityEvent, values));
  }
}

function runJob(bench: BenchApp): Promise<number> {
  const job = bench.app.core.jobs.find((candidate) => candidate.name === 'activity-retention')!;
  return job.run(clock.now()).then((report) => report.eventsDeleted);
}

async function deleteAtOnce(bench: BenchApp): Promise<number> {
  const cutoff = new Date(clock.now().getTime() - 30 * DAY_MS);
  const result = await bench.app.db.transaction((manager) =>
    manager
      .createQueryBuilder()
      .delete()
      .from(ActivityEvent)
      .where('occurredAt < :cutoff', { cutoff })
      .execute(),
  );
  return result.affected ?? 0;
}

/** Appends one event per transaction, back to back, for as long as `work` runs; each write's latency. */
async function writeWhile(bench: BenchApp, work: () => Promise<unknown>): Promise<number[]> {
  const latencies: number[] = [];
  let done = false;
  const writer = (async () => {
    while (!done) {
      const started = performance.now();
      await bench.app.db.transaction((manager) =>
        manager.insert(ActivityEvent, {
          type: 'points.earned',
          memberId: 1,
          channel: 'online-store',
          storeId: null,
          plugin: null,
          summary: 'live write',
          payloadJson: '{}',
          occurredAt: clock.now(),
        }),
      );
      latencies.push(performance.now() - started);
      // better-sqlite3 answers synchronously: yield so timers and the delete get their turn, as between requests.
      await new Promise((resolve) => setImmediate(resolve));
    }
  })();
  await work();
  done = true;
  await writer;
  return latencies;
}

if (require.main === module) runStandalone(runRetentionBench);
