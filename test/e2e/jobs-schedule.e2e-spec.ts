import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { missedRun } from '../../src/jobs/catch-up';
import { JobRun } from '../../src/jobs/job-run.entity';
import { JobRunner, JobRunsRepository, planJobs } from '../../src/jobs';
import { createLogger } from '../../src/common/logger';
import { createTestEnvironment, type TestEnvironment } from '../harness/test-environment';

const JOB_CLI = path.join(__dirname, '..', '..', 'dist', 'src', 'cli', 'job.cli.js');

async function until<T>(read: () => Promise<T>, done: (value: T) => boolean): Promise<T> {
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

const runsOf = (env: TestEnvironment, jobName: string) =>
  env.app.db.manager.find(JobRun, { where: { jobName }, order: { id: 'ASC' } });

describe('jobs on cron schedules in one process (no Redis)', () => {
  describe('a job scheduled every second through JOB_SCHEDULE_<NAME>', () => {
    let env: TestEnvironment;

    beforeAll(async () => {
      env = await createTestEnvironment({
        env: {
          JOBS: 'points-release-expired-holds',
          JOB_SCHEDULE_POINTS_RELEASE_EXPIRED_HOLDS: '* * * * * *',
          JOBS_CATCH_UP: 'false',
        },
      });
    });
    afterAll(() => env.stop());

    it('runs on each whole second and records one succeeded run per scheduled instant', async () => {
      const runs = await until(
        () => runsOf(env, 'points-release-expired-holds'),
        (rows) => rows.filter((row) => row.status === 'SUCCEEDED').length >= 3,
      );
      const done = runs.filter((row) => row.status === 'SUCCEEDED');
      const instants = done.map((row) => row.scheduledFor!.getTime());
      expect(instants.every((ms) => ms % 1000 === 0)).toBe(true);
      expect(new Set(instants).size).toBe(instants.length);
      expect(done[0]).toMatchObject({ trigger: 'schedule', attempt: 1, reportJson: '{"holdsReleased":0}' });
    });

    it('runs no other job on this instance (JOBS names the ones it runs)', async () => {
      const names = await env.app.db.manager
        .createQueryBuilder(JobRun, 'r')
        .select('DISTINCT r.jobName', 'name')
        .getRawMany<{ name: string }>();
      expect(names.map((row) => row.name)).toEqual(['points-release-expired-holds']);
    });
  });

  describe('start-up catch-up instead of "every job 5 s after every start"', () => {
    let env: TestEnvironment;

    beforeAll(async () => {
      env = await createTestEnvironment({ env: { JOBS: 'tiers-review,insight-recompute' } });
    });
    afterAll(() => env.stop());

    const plan = () =>
      planJobs(
        env.app.core.jobs.filter((job) => ['tiers-review', 'insight-recompute'].includes(job.name)),
        env.app.config.jobs,
      );

    it('runs each job that never succeeded once at start, for its latest scheduled instant', async () => {
      for (const name of ['tiers-review', 'insight-recompute']) {
        const [run] = await until(
          () => runsOf(env, name),
          (rows) => rows.some((row) => row.status === 'SUCCEEDED'),
        );
        expect(run).toMatchObject({ trigger: 'catch-up', attempt: 1, status: 'SUCCEEDED' });
        // The daily instant that was missed: 02:00 UTC for the tier review, 03:00 for insight.
        expect(run.scheduledFor!.toISOString().slice(11)).toBe(
          name === 'tiers-review' ? '02:00:00.000Z' : '03:00:00.000Z',
        );
      }
    });

    it('does not run a job again at the next start once its latest scheduled run is covered', async () => {
      const runs = new JobRunsRepository(env.app.db);
      for (const scheduled of plan()) expect(await missedRun(scheduled, runs, new Date())).toBeNull();
    });

    it('npm run job -- list shows each job with its schedule, next run and last outcome', async () => {
      if (!fs.existsSync(JOB_CLI)) throw new Error(`${JOB_CLI} is missing: run npm run build first`);
      await until(
        () => runsOf(env, 'tiers-review'),
        (rows) => rows.some((row) => row.status === 'SUCCEEDED'),
      );
      const { stdout } = await promisify(execFile)(process.execPath, [JOB_CLI, 'list'], {
        env: {
          PATH: process.env.PATH ?? '',
          NODE_ENV: 'test',
          DATABASE_URL: env.app.config.databaseUrl,
          JOBS_TIME_ZONE: 'Europe/Berlin',
          JOB_SCHEDULE_POINTS_EXPIRE_LOTS: 'off',
        },
      });
      const lines = stdout.split('\n');
      expect(lines[0]).toContain('cron in Europe/Berlin');
      expect(lines.find((line) => line.startsWith('tiers-review '))).toMatch(
        /^tiers-review\s+0 2 \* \* \*\s+\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\s+\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\s+SUCCEEDED \(catch-up\)/,
      );
      expect(lines.find((line) => line.startsWith('points-expire-lots '))).toMatch(/off \(env\)\s+-\s+never/);
      expect(lines.find((line) => line.startsWith('activity-retention '))).toContain('0 4 * * *');
    });

    it('catches up a job whose latest scheduled run failed, without colliding with the failed run', async () => {
      const runs = new JobRunsRepository(env.app.db);
      const [review] = plan().filter((scheduled) => scheduled.job.name === 'tiers-review');
      const tomorrow = new Date(Date.now() + 86_400_000);
      const missed = (await missedRun(review, runs, tomorrow))!;
      expect(missed).not.toBeNull();
      const failedId = await runs.start({
        jobName: 'tiers-review',
        trigger: 'schedule',
        scheduledFor: missed,
        attempt: 1,
        instance: 'elsewhere',
        startedAt: new Date(missed.getTime() + 1),
      });
      await runs.finish(failedId!, {
        status: 'FAILED',
        finishedAt: new Date(missed.getTime() + 2),
        error: 'boom',
      });
      expect(await missedRun(review, runs, tomorrow)).toEqual(missed);
      const report = await new JobRunner(runs, createLogger('silent')).run(review.job, {
        trigger: 'catch-up',
        scheduledFor: missed,
      });
      expect(report).toMatchObject({ reviewed: 0 });
      const rows = await env.app.db.manager.find(JobRun, {
        where: { jobName: 'tiers-review', scheduledFor: missed },
      });
      expect(rows.map((row) => [row.trigger, row.status]).sort()).toEqual([
        ['catch-up', 'SUCCEEDED'],
        ['schedule', 'FAILED'],
      ]);
    });

    it('lets only one of two runs for the same scheduled instant through (the database guard)', async () => {
      const runs = new JobRunsRepository(env.app.db);
      const [insight] = plan().filter((scheduled) => scheduled.job.name === 'insight-recompute');
      const instant = new Date('2030-01-01T03:00:00.000Z');
      const runner = new JobRunner(runs, createLogger('silent'));
      const request = { trigger: 'schedule' as const, scheduledFor: instant, attempt: 1 };
      const outcomes = await Promise.all([
        runner.run(insight.job, request),
        runner.run(insight.job, request),
      ]);
      expect(outcomes.filter((report) => report === null)).toHaveLength(1);
      expect(
        await env.app.db.manager.countBy(JobRun, { jobName: 'insight-recompute', scheduledFor: instant }),
      ).toBe(1);
    });
  });
});
