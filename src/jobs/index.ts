import type { Logger } from '../common/logger';
import type { Database } from '../data/database';
import { BullmqJobScheduler } from './bullmq-job-scheduler';
import type { Job } from './job';
import { JobRunner } from './job-runner';
import { JobRunsRepository } from './job-runs.repository';
import { resolveSchedule, scheduleVariable, type ScheduledJob } from './job-schedule';
import { InProcessJobScheduler } from './job-scheduler';
import type { JobsConfig } from './jobs-config';

export type { Job, JobReport, JobProgress } from './job';
export { JobRun } from './job-run.entity';
export { JobRunner } from './job-runner';
export { JobRunsRepository } from './job-runs.repository';
export { resolveSchedule, nextRunAfter, scheduleVariable, type ScheduledJob } from './job-schedule';

export interface JobScheduling {
  /** Every job with the schedule this deployment gives it (also the ones this instance does not run). */
  planned: ScheduledJob[];
  mode: 'bullmq' | 'in-process' | 'off';
  start(): Promise<void>;
  stop(): Promise<void>;
}

/** Every job with its schedule: the job's cron, or JOB_SCHEDULE_<NAME>, read in JOBS_TIME_ZONE. */
export function planJobs(jobs: readonly Job[], config: JobsConfig): ScheduledJob[] {
  return jobs.map((job) => resolveSchedule(job, config.timeZone, config.scheduleOverrides));
}

/**
 * The scheduler this instance runs: none with JOBS=off, BullMQ queues when REDIS_URL is set (each run
 * once across the cluster), otherwise croner timers in this process.
 */
export function createJobScheduling(deps: {
  jobs: readonly Job[];
  db: Database;
  config: JobsConfig;
  redisUrl?: string;
  logger: Logger;
}): JobScheduling {
  const { config, logger } = deps;
  const planned = planJobs(deps.jobs, config);
  const known = new Set(planned.map((scheduled) => scheduleVariable(scheduled.job.name)));
  for (const variable of Object.keys(config.scheduleOverrides))
    if (!known.has(variable)) logger.warn({ variable }, 'JOB_SCHEDULE_* names no job: ignored');
  if (Array.isArray(config.run))
    for (const name of config.run)
      if (!planned.some((scheduled) => scheduled.job.name === name))
        logger.warn({ job: name }, 'JOBS names a job that does not exist: ignored');
  const selected =
    config.run === 'all'
      ? planned
      : config.run === 'none'
        ? []
        : planned.filter((scheduled) => (config.run as string[]).includes(scheduled.job.name));
  if (selected.length === 0)
    return { planned, mode: 'off', start: async () => undefined, stop: async () => undefined };
  const runs = new JobRunsRepository(deps.db);
  const runner = new JobRunner(runs, logger);
  const scheduler = deps.redisUrl
    ? new BullmqJobScheduler(selected, runner, runs, logger, {
        redisUrl: deps.redisUrl,
        prefix: config.queuePrefix,
        catchUp: config.catchUp,
        attempts: config.attempts,
        retryBaseMs: config.retryBaseMs,
      })
    : new InProcessJobScheduler(selected, runner, runs, logger, { catchUp: config.catchUp });
  let starting: Promise<void> | undefined;
  return {
    planned,
    mode: deps.redisUrl ? 'bullmq' : 'in-process',
    // In the background: the server answers while queues connect and overdue jobs catch up.
    start() {
      starting = scheduler.start().catch((error: unknown) => {
        logger.error({ err: error }, 'job scheduler could not start');
      });
      return Promise.resolve();
    },
    async stop() {
      await starting;
      await scheduler.stop();
    },
  };
}
