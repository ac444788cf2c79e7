import type { JobRunsRepository } from './job-runs.repository';
import { previousRunAt, type ScheduledJob } from './job-schedule';

/**
 * What replaces "every job 5 s after every start": at start, a job runs once only when it is overdue,
 * i.e. it has never succeeded (a fresh demo gets its recommendations and segments) or its latest
 * scheduled instant passed with no run succeeding or still running since (the process was down at
 * 03:00). A restart at 10:00 after the daily 03:00 run succeeded runs nothing. Answers the missed
 * instant (the once-per-schedule key, so instances starting together run it once), or null.
 */
export async function missedRun(
  scheduled: ScheduledJob,
  runs: JobRunsRepository,
  now: Date,
): Promise<Date | null> {
  const missed = previousRunAt(scheduled, now);
  if (missed === null) return null;
  if (!(await runs.everSucceeded(scheduled.job.name))) return missed;
  return (await runs.coveredSince(scheduled.job.name, missed)) ? null : missed;
}
