import type { Logger } from '../common/logger';
import { asBackgroundWork } from '../data/sql-statement-counter';
import type { Job } from './job';
import { clock } from '../common/clock';

/**
 * Runs each module's jobs in-process on their interval. A job never overlaps itself; a failing run
 * is logged and retried at the next tick, never taking the server down. Jobs are idempotent
 * (guarded in the database), so several instances may run the same schedule: the second finds
 * nothing left to do. With more instances, a Redis-backed queue can replace this without touching jobs.
 */
export class JobScheduler {
  private readonly timers: NodeJS.Timeout[] = [];
  private readonly running = new Map<string, Promise<void>>();
  private stopped = false;

  constructor(
    private readonly jobs: readonly Job[],
    private readonly logger: Logger,
  ) {}

  /** Schedules every job on its interval, and a first run of each shortly after start (a fresh
   *  deployment or demo gets recommendations and segments without waiting an hour or a day). */
  start(firstRunAfterMs = 5_000): void {
    for (const job of this.jobs) {
      const timer = setInterval(() => void this.runOnce(job), job.everySeconds * 1000);
      timer.unref();
      this.timers.push(timer);
    }
    const first = setTimeout(() => {
      // One after the other, so start-up does not run them all at once on a small machine.
      void this.jobs.reduce((previous, job) => previous.then(() => this.runOnce(job)), Promise.resolve());
    }, firstRunAfterMs);
    first.unref();
    this.timers.push(first);
    this.logger.info({ jobs: this.jobs.map((job) => job.name) }, 'job scheduler started');
  }

  /** Runs a job now unless it is already running (then waits for that run). */
  runOnce(job: Job, now = clock.now()): Promise<void> {
    if (this.stopped) return Promise.resolve();
    const current = this.running.get(job.name);
    if (current) return current;
    const started = performance.now();
    const run = asBackgroundWork(() => job.run(now))
      .then((report) => {
        const changed = Object.values(report).some((value) => value > 0);
        this.logger[changed ? 'info' : 'debug'](
          { job: job.name, report, ms: Math.round(performance.now() - started) },
          'job run',
        );
      })
      .catch((error: unknown) => this.logger.error({ job: job.name, err: error }, 'job failed'))
      .finally(() => this.running.delete(job.name));
    this.running.set(job.name, run);
    return run;
  }

  /** Stops scheduling and waits for runs in progress, so shutdown never cuts a job's transaction. */
  async stop(): Promise<void> {
    this.stopped = true;
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.length = 0;
    await Promise.all(this.running.values());
  }
}
