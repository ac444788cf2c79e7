import { Queue, Worker, type Job as QueuedJob } from 'bullmq';
import IORedis from 'ioredis';
import type { Logger } from '../common/logger';
import { missedRun } from './catch-up';
import type { JobRunsRepository } from './job-runs.repository';
import type { JobRunner } from './job-runner';
import type { ScheduledJob } from './job-schedule';

interface QueuedRun {
  /** Set on a start-up catch-up (the missed cron instant, ms); scheduler-made runs carry it in opts.prevMillis. */
  catchUpFor?: number;
}

export interface BullmqSchedulerOptions {
  redisUrl: string;
  prefix: string;
  catchUp: boolean;
  attempts: number;
  retryBaseMs: number;
}

/** The BullMQ job scheduler id (one per queue): upserting it again with a new pattern replaces it. */
const SCHEDULER_ID = 'cron';

/**
 * The scheduler with Redis: each job has its own BullMQ queue, whose job scheduler (cron pattern and
 * time zone) makes exactly one queued run per instant for the whole cluster, whichever instances
 * upsert it. Every instance that runs the job has a worker on its queue with concurrency 1, and the
 * queue's global concurrency is 1, so two runs of one job never overlap anywhere (a long run delays
 * the next; it never runs beside it), while different jobs run side by side. A failed run is retried
 * with exponential backoff (JOBS_ATTEMPTS, JOBS_RETRY_BASE_MS) and stays in the queue's failed set
 * and in job_run with its error. The job_run unique key is a second, database-side guard: a run that
 * BullMQ hands out twice (a stalled worker's job) is skipped the second time.
 *
 * A queue per job rather than one queue: global concurrency is per queue, and a worker takes any job
 * of its queue, so per-job queues are what let JOBS=<names> choose which jobs an instance runs.
 */
export class BullmqJobScheduler {
  private connection: IORedis | null = null;
  private readonly queues: Queue<QueuedRun>[] = [];
  private readonly workers: Worker<QueuedRun>[] = [];

  constructor(
    private readonly jobs: readonly ScheduledJob[],
    private readonly runner: JobRunner,
    private readonly runs: JobRunsRepository,
    private readonly logger: Logger,
    private readonly options: BullmqSchedulerOptions,
  ) {}

  /** The queue of one job (`:` is BullMQ's key separator, so plugin jobs `a:b` become `a.b`). */
  static queueName(jobName: string): string {
    return `job.${jobName.replace(/:/g, '.')}`;
  }

  async start(): Promise<void> {
    // BullMQ's workers block on Redis: they need commands that wait rather than fail after retries.
    const connection = new IORedis(this.options.redisUrl, { maxRetriesPerRequest: null });
    this.connection = connection;
    connection.on('error', (error) => this.logger.warn({ err: error }, 'job queue: Redis connection error'));
    for (const scheduled of this.jobs) await this.startJob(scheduled, connection);
    this.logger.info(
      { mode: 'bullmq', jobs: this.jobs.map((s) => `${s.job.name} ${s.pattern ?? 'off'}`) },
      'job scheduler started',
    );
  }

  private async startJob(scheduled: ScheduledJob, connection: IORedis): Promise<void> {
    const { job } = scheduled;
    const name = BullmqJobScheduler.queueName(job.name);
    const queue = new Queue<QueuedRun>(name, { connection, prefix: this.options.prefix });
    this.queues.push(queue);
    if (scheduled.pattern === null) {
      await queue.removeJobScheduler(SCHEDULER_ID);
      return;
    }
    await queue.setGlobalConcurrency(1);
    const opts = {
      attempts: this.options.attempts,
      backoff: { type: 'exponential' as const, delay: this.options.retryBaseMs },
      // The failure record operators look at stays a month; successes a day (job_run keeps the history).
      removeOnComplete: { age: 86_400, count: 100 },
      removeOnFail: { age: 30 * 86_400, count: 100 },
    };
    await queue.upsertJobScheduler(
      SCHEDULER_ID,
      { pattern: scheduled.pattern, tz: scheduled.timeZone },
      { name: job.name, data: {}, opts },
    );
    const worker = new Worker<QueuedRun>(name, (queued) => this.process(scheduled, queued), {
      connection,
      prefix: this.options.prefix,
      concurrency: 1,
    });
    worker.on('error', (error) => this.logger.warn({ job: job.name, err: error }, 'job worker error'));
    this.workers.push(worker);
    if (this.options.catchUp) {
      const missed = await missedRun(scheduled, this.runs, new Date());
      // The job id makes instances that start together queue the catch-up once.
      if (missed)
        await queue.add(
          job.name,
          { catchUpFor: missed.getTime() },
          { ...opts, jobId: `catch-up.${missed.getTime()}` },
        );
    }
  }

  private async process(scheduled: ScheduledJob, queued: QueuedJob<QueuedRun>) {
    const catchUp = queued.data.catchUpFor !== undefined;
    const instant = queued.data.catchUpFor ?? queued.opts.prevMillis ?? queued.timestamp;
    const report = await this.runner.run(scheduled.job, {
      trigger: catchUp ? 'catch-up' : 'schedule',
      scheduledFor: new Date(instant),
      attempt: catchUp ? undefined : queued.attemptsMade + 1,
    });
    return report ?? { skippedAlreadyRun: 1 };
  }

  /** Closes the workers (waiting for the runs in progress), the queues, then the connection. */
  async stop(): Promise<void> {
    await Promise.all(this.workers.map((worker) => worker.close()));
    await Promise.all(this.queues.map((queue) => queue.close()));
    await this.connection?.quit().catch(() => undefined);
    this.workers.length = 0;
    this.queues.length = 0;
  }
}
