import os from 'node:os';
import type { Logger } from '../common/logger';
import { clock } from '../common/clock';
import { asBackgroundWork } from '../data/sql-statement-counter';
import type { Job, JobProgress, JobReport } from './job';
import type { JobRunTrigger } from './job-run.entity';
import type { JobRunsRepository } from './job-runs.repository';
import { jobDurationSeconds, jobLastSuccessSeconds, jobRunsTotal, type JobOutcome } from './job-metrics';

export interface RunRequest {
  trigger: JobRunTrigger;
  /** The cron instant this run is for (null for a manual run): the once-per-schedule key. */
  scheduledFor: Date | null;
  /** 1 for the first try of a scheduled run, then BullMQ's retries; absent: counted from job_run. */
  attempt?: number;
  progress?: JobProgress;
}

/** This process, in job_run.instance and logs. */
export const INSTANCE = `${os.hostname()}:${process.pid}`.slice(0, 100);

/**
 * Runs one job once and records it: a job_run row (started, then succeeded or failed with the error),
 * metrics and a log line. A scheduled run another instance already started is skipped (null), which
 * is what makes "once per schedule" hold even without Redis. A failure is recorded, then rethrown for
 * the caller to retry (BullMQ) or log (in-process: the next tick tries again).
 *
 * The job is given the business clock's `now`; job_run times are the machine's clock, like the cron
 * instants they are compared with.
 */
export class JobRunner {
  constructor(
    private readonly runs: JobRunsRepository,
    private readonly logger: Logger,
  ) {}

  async run(job: Job, request: RunRequest): Promise<JobReport | null> {
    const started = performance.now();
    const runId = await this.runs.start({
      jobName: job.name,
      trigger: request.trigger,
      scheduledFor: request.scheduledFor,
      attempt: request.attempt,
      instance: INSTANCE,
      startedAt: new Date(),
    });
    if (runId === null) {
      this.observe(job, 'skipped', started);
      this.logger.debug(
        { job: job.name, scheduledFor: request.scheduledFor },
        'job run taken by another instance',
      );
      return null;
    }
    try {
      const report = await asBackgroundWork(() => job.run(clock.now(), request.progress));
      await this.runs.finish(runId, { status: 'SUCCEEDED', finishedAt: new Date(), report });
      const seconds = this.observe(job, 'succeeded', started);
      jobLastSuccessSeconds.set({ job: job.name }, Math.floor(Date.now() / 1000));
      const changed = Object.values(report).some((value) => value > 0);
      this.logger[changed ? 'info' : 'debug'](
        { job: job.name, trigger: request.trigger, report, ms: Math.round(seconds * 1000) },
        'job run',
      );
      return report;
    } catch (error) {
      this.observe(job, 'failed', started);
      await this.runs
        .finish(runId, {
          status: 'FAILED',
          finishedAt: new Date(),
          error: (error as Error).message ?? String(error),
        })
        .catch((recordError: unknown) =>
          this.logger.error({ job: job.name, err: recordError }, 'could not record the job failure'),
        );
      this.logger.error(
        { job: job.name, trigger: request.trigger, attempt: request.attempt ?? 1, err: error },
        'job failed',
      );
      throw error;
    }
  }

  private observe(job: Job, outcome: JobOutcome, started: number): number {
    const seconds = (performance.now() - started) / 1000;
    jobRunsTotal.inc({ job: job.name, outcome });
    if (outcome !== 'skipped') jobDurationSeconds.observe({ job: job.name, outcome }, seconds);
    return seconds;
  }
}
