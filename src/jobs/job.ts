/**
 * A background job a module contributes: expiry, pending unlock, tier review, birthday gifts...
 * Jobs are idempotent (each does its work once per item and period, guarded in the database), so a
 * second run, a run from the CLI while the server runs, or two server instances never double-apply.
 */
export interface Job {
  /** kebab-case, e.g. `points-expire-lots`; the CLI runs a job by this name. */
  name: string;
  description: string;
  /** How often the in-process scheduler runs it. */
  everySeconds: number;
  run(now: Date, progress?: JobProgress): Promise<JobReport>;
}

/** What one run did, for logs and the CLI: counts by what was done, e.g. `{ lotsExpired: 12 }`. */
export type JobReport = Record<string, number>;

export type JobProgress = (done: number, total: number) => void;
