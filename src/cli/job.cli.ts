import 'reflect-metadata';
import { SingleBar, Presets } from 'cli-progress';
import { loadConfig } from '../config/config';
import { createCore } from '../core';
import { describeDatabase, openMigratedDatabase, runCli } from '../../seeds/cli-support';
import { clock } from '../common/clock';

/**
 * `npm run job -- list` shows the jobs; `npm run job -- <name> [--now 2026-12-01T00:00:00Z]` runs one
 * against DATABASE_URL (the default SQLite file otherwise), with progress, and prints its report.
 * Safe while the server runs: jobs are idempotent.
 */
async function main(): Promise<void> {
  const [name, ...rest] = process.argv.slice(2);
  const nowIndex = rest.indexOf('--now');
  const now = nowIndex >= 0 ? new Date(rest[nowIndex + 1]) : clock.now();
  if (Number.isNaN(now.getTime())) throw new Error('--now must be an ISO date, e.g. 2026-12-01T00:00:00Z');
  const config = loadConfig();
  const { db } = await openMigratedDatabase(config.databaseUrl);
  try {
    const core = createCore(db);
    if (!name || name === 'list') {
      for (const job of core.jobs)
        console.log(`${job.name.padEnd(32)} every ${job.everySeconds}s  ${job.description}`);
      return;
    }
    const job = core.jobs.find((candidate) => candidate.name === name);
    if (!job) throw new Error(`No job named ${name}; run "npm run job -- list"`);
    console.log(`Running ${job.name} on ${describeDatabase(config.databaseUrl)} as of ${now.toISOString()}`);
    const bar = new SingleBar({ format: '  {bar} {value}/{total}' }, Presets.shades_classic);
    let started = false;
    const report = await job.run(now, (done, total) => {
      if (!started) bar.start(Math.max(total, 1), 0);
      started = true;
      bar.setTotal(Math.max(total, done, 1));
      bar.update(done);
    });
    if (started) bar.stop();
    console.log(JSON.stringify(report));
  } finally {
    await db.dataSource.destroy();
  }
}

runCli('job', main);
