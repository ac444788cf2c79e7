/**
 * A background job a module contributes: expiry, pending unlock, tier review, birthday gifts...
 * Jobs are idempotent (each does its work once per item and period, guarded in the database), so a
 * second run, a run from the CLI while the server runs, or two server instances never double-apply.
 */
export interface Job {
  /** kebab-case, e.g. `points-expire-lots`; the CLI runs a job by this name. */
  name: string;
  description: string;
  /**
   * When it runs, as a cron expression read in the jobs' time zone (JOBS_TIME_ZONE, UTC by default):
   * five fields (`0 3 * * *`: 03:00 every day) or six with seconds first (`*\/2 * * * * *`).
   * An operator overrides it with JOB_SCHEDULE_<NAME> (see src/jobs/job-schedule.ts).
   */
  schedule?: string;
  /**
   * The older contract (plugins and jobs written before cron schedules): an interval, turned into the
   * cron expression that fires on the same wall-clock multiples (60 → every minute at :00).
   * Ignored when `schedule` is set.
   */
  everySeconds?: number;
  run(now: Date, progress?: JobProgress): Promise<JobReport>;
}

/** What one run did, for logs and the CLI: counts by what was done, e.g. `{ lotsExpired: 12 }`. */
export type JobReport = Record<string, number>;

export type JobProgress = (done: number, total: number) => void;
