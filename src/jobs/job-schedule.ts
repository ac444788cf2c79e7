import { Cron } from 'croner';
import type { Job } from './job';

/** Five fields (minute first) or six (seconds first): what croner and BullMQ's cron parser both read. */
const CRON_MODE = '5-or-6-parts' as const;

/** What an operator writes to stop one job on this deployment: JOB_SCHEDULE_<NAME>=off. */
export const SCHEDULE_OFF = 'off';

/** The environment variable that overrides a job's schedule: `points-expire-lots` → JOB_SCHEDULE_POINTS_EXPIRE_LOTS. */
export function scheduleVariable(jobName: string): string {
  return `JOB_SCHEDULE_${jobName.toUpperCase().replace(/[^A-Z0-9]+/g, '_')}`;
}

/** Null when the expression is a valid cron pattern, else why not (for the config error line). */
export function cronProblem(pattern: string, timeZone = 'UTC'): string | null {
  try {
    // nextRun() also reads the time zone, so an unknown zone is reported here rather than at the first tick.
    new Cron(pattern, { timezone: timeZone, mode: CRON_MODE, paused: true }).nextRun();
    return null;
  } catch (error) {
    return (error as Error).message;
  }
}

/**
 * The cron expression for the older `everySeconds` contract: the same interval on wall-clock
 * multiples (2 → every 2 s, 600 → every 10 min at :00, :10..., 3600 → on the hour, 86400 → midnight).
 * An interval that does not divide its unit rounds down to the unit below (90 s → every minute).
 */
export function cronForInterval(everySeconds: number): string {
  const seconds = Math.max(1, Math.floor(everySeconds));
  if (seconds < 60) return `*/${seconds} * * * * *`;
  if (seconds < 3600) return `0 */${Math.floor(seconds / 60)} * * * *`;
  if (seconds < 86_400) return `0 0 */${Math.floor(seconds / 3600)} * * *`;
  return '0 0 0 * * *';
}

/** A job with the schedule this deployment runs it on (its own, or the operator's override). */
export interface ScheduledJob {
  job: Job;
  /** The cron expression, or null when JOB_SCHEDULE_<NAME>=off. */
  pattern: string | null;
  /** Where the pattern came from, for `npm run job -- list`. */
  source: 'job' | 'environment';
  timeZone: string;
}

export function resolveSchedule(
  job: Job,
  timeZone: string,
  overrides: Readonly<Record<string, string>>,
): ScheduledJob {
  const override = overrides[scheduleVariable(job.name)];
  if (override !== undefined)
    return { job, pattern: override === SCHEDULE_OFF ? null : override, source: 'environment', timeZone };
  const pattern = job.schedule ?? cronForInterval(job.everySeconds ?? 3600);
  return { job, pattern, source: 'job', timeZone };
}

/** The croner view of a schedule (paused: used only to compute instants). */
export function cronOf(scheduled: Pick<ScheduledJob, 'pattern' | 'timeZone'>): Cron | null {
  if (scheduled.pattern === null) return null;
  return new Cron(scheduled.pattern, { timezone: scheduled.timeZone, mode: CRON_MODE, paused: true });
}

export function nextRunAfter(scheduled: ScheduledJob, from: Date): Date | null {
  return cronOf(scheduled)?.nextRun(from) ?? null;
}

/** The latest scheduled instant at or before `at` (null when the pattern never fired before it). */
export function previousRunAt(scheduled: ScheduledJob, at: Date): Date | null {
  return cronOf(scheduled)?.previousRuns(1, at)[0] ?? null;
}

export { CRON_MODE };
