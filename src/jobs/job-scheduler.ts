import { Cron } from 'croner';
import type { Logger } from '../common/logger';
import { missedRun } from './catch-up';
import type { JobRunsRepository } from './job-runs.repository';
import type { JobRunner, RunRequest } from './job-runner';
import { CRON_MODE, type ScheduledJob } from './job-schedule';

/** A timer may fire a little late or early: the instant a tick is for is the cron's, found within this. */
const TICK_TOLERANCE_MS = 500;

/**
 * The scheduler without Redis: croner fires each job on its cron expression in this process. A job
 * never overlaps itself here (croner's `protect`); a failing run is recorded and logged, and the next
 * tick tries again. Several instances without Redis each fire the same instants, and the job_run
 * guard lets one of them run each (the others record a skip); only a run that outlasts its own
 * interval could overlap a run on another instance, which idempotent jobs tolerate (use Redis for a
 * strict cluster-wide guarantee).
 */
export class InProcessJobScheduler {
  private readonly crons: Cron[] = [];
  private readonly running = new Set<Promise<unknown>>();
  /** Jobs running in this process: a catch-up and a tick of the same job never overlap. */
  private readonly active = new Set<string>();
  private stopped = false;

  constructor(
    private readonly jobs: readonly ScheduledJob[],
    private readonly runner: JobRunner,
    private readonly runs: JobRunsRepository,
    private readonly logger: Logger,
    private readonly options: { catchUp: boolean },
  ) {}

  async start(): Promise<void> {
    for (const scheduled of this.jobs) {
      if (scheduled.pattern === null) continue;
      const cron: Cron = new Cron(
        scheduled.pattern,
        {
          timezone: scheduled.timeZone,
          mode: CRON_MODE,
          protect: true,
          unref: true,
          name: scheduled.job.name,
        },
        async () => {
          const instant = cron.previousRuns(1, new Date(Date.now() + TICK_TOLERANCE_MS))[0] ?? new Date();
          await this.track(
            this.runQuietly(scheduled, { trigger: 'schedule', scheduledFor: instant, attempt: 1 }),
          );
        },
      );
      this.crons.push(cron);
    }
    this.logger.info(
      { mode: 'in-process', jobs: this.jobs.map((s) => `${s.job.name} ${s.pattern ?? 'off'}`) },
      'job scheduler started',
    );
    // In the background: start-up must not wait for a long recompute.
    if (this.options.catchUp) this.track(this.catchUp());
  }

  /** Overdue jobs one after the other, so a start does not run them all at once on a small machine. */
  private async catchUp(): Promise<void> {
    for (const scheduled of this.jobs) {
      if (this.stopped || scheduled.pattern === null) continue;
      const missed = await missedRun(scheduled, this.runs, new Date()).catch((error: unknown) => {
        this.logger.error({ job: scheduled.job.name, err: error }, 'could not read the job run history');
        return null;
      });
      if (missed) await this.runQuietly(scheduled, { trigger: 'catch-up', scheduledFor: missed });
    }
  }

  private async runQuietly(scheduled: ScheduledJob, request: RunRequest): Promise<void> {
    const name = scheduled.job.name;
    if (this.stopped || this.active.has(name)) return;
    this.active.add(name);
    try {
      // Recorded and logged by the runner; the next tick is the retry.
      await this.runner.run(scheduled.job, request).catch(() => undefined);
    } finally {
      this.active.delete(name);
    }
  }

  private track(work: Promise<unknown>): Promise<unknown> {
    this.running.add(work);
    void work.finally(() => this.running.delete(work));
    return work;
  }

  /** Stops the timers and waits for runs in progress, so shutdown never cuts a job's transaction. */
  async stop(): Promise<void> {
    this.stopped = true;
    for (const cron of this.crons) cron.stop();
    this.crons.length = 0;
    await Promise.all(this.running);
  }
}
