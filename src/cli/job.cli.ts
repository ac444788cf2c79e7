import 'reflect-metadata';
import { SingleBar, Presets } from 'cli-progress';
import { loadConfig } from '../config/config';
import { createCore } from '../core';
import { COMMITTED_ONLY_FEED } from '../modules/activity';
import { describeDatabase, openMigratedDatabase, runCli } from '../../seeds/cli-support';
import { clock, clockStartingAt, installClock } from '../common/clock';
import { createLogger } from '../common/logger';
import { JobRunner, JobRunsRepository, nextRunAfter, planJobs, type ScheduledJob } from '../jobs';
import type { JobRun } from '../jobs/job-run.entity';

/**
 * `npm run job -- list` shows each job's schedule, next run and last outcome (from job_run, which every
 * instance writes, with or without Redis); `npm run job -- <name> [--now 2026-12-01T00:00:00Z]` runs one
 * now against DATABASE_URL (the default SQLite file otherwise), with progress, prints its report and
 * records it as a manual run. Safe while the server runs: jobs are idempotent.
 */
async function main(): Promise<void> {
  const [name, ...rest] = process.argv.slice(2);
  const nowIndex = rest.indexOf('--now');
  if (nowIndex >= 0) {
    const at = new Date(rest[nowIndex + 1]);
    if (Number.isNaN(at.getTime())) throw new Error('--now must be an ISO date, e.g. 2026-12-01T00:00:00Z');
    installClock(clockStartingAt(at));
  }
  const config = loadConfig();
  const { db } = await openMigratedDatabase(config.databaseUrl);
  try {
    const core = createCore(db, { retention: config.retention });
    // No publisher in this process: history and the activity retention read what is committed.
    core.services.activity.feed.bind(COMMITTED_ONLY_FEED);
    const planned = planJobs(core.jobs, config.jobs);
    const runs = new JobRunsRepository(db);
    if (!name || name === 'list') {
      printList(planned, await runs.latest(planned.map((s) => s.job.name)), config);
      return;
    }
    const job = core.jobs.find((candidate) => candidate.name === name);
    if (!job) throw new Error(`No job named ${name}; run "npm run job -- list"`);
    console.log(
      `Running ${job.name} on ${describeDatabase(config.databaseUrl)} as of ${clock.now().toISOString()}`,
    );
    const bar = new SingleBar({ format: '  {bar} {value}/{total}' }, Presets.shades_classic);
    let started = false;
    const runner = new JobRunner(runs, createLogger('silent'));
    const report = await runner.run(job, {
      trigger: 'manual',
      scheduledFor: null,
      attempt: 1,
      progress: (done, total) => {
        if (!started) bar.start(Math.max(total, 1), 0);
        started = true;
        bar.setTotal(Math.max(total, done, 1));
        bar.update(done);
      },
    });
    if (started) bar.stop();
    console.log(JSON.stringify(report));
  } finally {
    await db.dataSource.destroy();
  }
}

function printList(
  planned: ScheduledJob[],
  latest: Map<string, JobRun>,
  config: ReturnType<typeof loadConfig>,
): void {
  const mode = config.jobs.run === 'none' ? 'off' : config.redisUrl ? 'BullMQ (REDIS_URL)' : 'in-process';
  console.log(
    `Jobs on ${describeDatabase(config.databaseUrl)}: cron in ${config.jobs.timeZone}, scheduler ${mode}` +
      (Array.isArray(config.jobs.run) ? `, this instance runs ${config.jobs.run.join(', ')}` : ''),
  );
  const now = new Date();
  const rows = planned.map((scheduled) => {
    const last = latest.get(scheduled.job.name);
    const next = nextRunAfter(scheduled, now);
    return [
      scheduled.job.name,
      (scheduled.pattern ?? 'off') + (scheduled.source === 'environment' ? ' (env)' : ''),
      next ? isoMinute(next) : '-',
      last ? isoMinute(last.startedAt) : 'never',
      last ? describeOutcome(last) : '',
    ];
  });
  const header = ['JOB', 'SCHEDULE', 'NEXT RUN (UTC)', 'LAST RUN (UTC)', 'LAST OUTCOME'];
  const widths = header.map((title, i) => Math.max(title.length, ...rows.map((row) => row[i].length)));
  for (const row of [header, ...rows])
    console.log(row.map((cell, i) => (i === row.length - 1 ? cell : cell.padEnd(widths[i]))).join('  '));
}

function describeOutcome(run: JobRun): string {
  const how = `${run.status}${run.trigger === 'schedule' ? '' : ` (${run.trigger})`}`;
  if (run.status === 'FAILED') return `${how}: ${run.error ?? ''}`;
  if (run.status === 'SUCCEEDED' && run.reportJson) return `${how} ${run.reportJson}`;
  return how;
}

function isoMinute(at: Date): string {
  return at.toISOString().slice(0, 19).replace('T', ' ');
}

runCli('job', main);
