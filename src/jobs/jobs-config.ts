import { cronProblem, SCHEDULE_OFF } from './job-schedule';

/** How this instance runs the background jobs (read from the environment by loadConfig). */
export interface JobsConfig {
  /** `all` (default outside tests), `none` (JOBS=off), or the only jobs this instance runs (JOBS=a,b). */
  run: 'all' | 'none' | string[];
  /** IANA zone the cron expressions are read in (JOBS_TIME_ZONE; UTC by default). */
  timeZone: string;
  /** JOB_SCHEDULE_<NAME> values as given (a cron expression, or `off`), keyed by variable name. */
  scheduleOverrides: Record<string, string>;
  /** BullMQ key prefix (JOBS_QUEUE_PREFIX): deployments sharing one Redis keep their queues apart. */
  queuePrefix: string;
  /** Start-up catch-up: run a job once at start when its last scheduled run was missed (JOBS_CATCH_UP). */
  catchUp: boolean;
  /** BullMQ: tries per run (JOBS_ATTEMPTS) and the first retry delay, doubled each time (JOBS_RETRY_BASE_MS). */
  attempts: number;
  retryBaseMs: number;
}

/** How long each table keeps what it keeps (days; 0 = forever where that is allowed). */
export interface RetentionConfig {
  /** activity_event rows older than this go, never above what a consumer still has to read. */
  activityEventDays: number;
  idempotencyKeyDays: number;
  /** Processed webhook deliveries lose their raw body (headers too) after this; the row stays. */
  webhookBodyDays: number;
  /** Failed deliveries keep their body for a replay this long after they were received. */
  webhookFailedBodyDays: number;
  jobRunDays: number;
  /** audit_entry: 0 = kept forever (the default); there is no deleting retention for the audit log. */
  auditEntryDays: 0;
  /** Rows per statement. */
  batchSize: number;
}

type Env = NodeJS.ProcessEnv;

/** Reads JOBS, JOBS_ENABLED (older switch), JOBS_TIME_ZONE, JOB_SCHEDULE_* and *_RETENTION_DAYS. */
export function readJobsConfig(env: Env, nodeEnv: string, problems: string[]): JobsConfig {
  const timeZone = env.JOBS_TIME_ZONE?.trim() || 'UTC';
  if (!isTimeZone(timeZone))
    problems.push(`JOBS_TIME_ZONE must be an IANA time zone such as Europe/Berlin (got "${timeZone}")`);
  const scheduleOverrides: Record<string, string> = {};
  for (const [name, raw] of Object.entries(env)) {
    if (!name.startsWith('JOB_SCHEDULE_') || raw === undefined || raw.trim() === '') continue;
    const value = raw.trim();
    scheduleOverrides[name] = value;
    if (value === SCHEDULE_OFF || !isTimeZone(timeZone)) continue;
    const problem = cronProblem(value, timeZone);
    if (problem)
      problems.push(
        `${name} must be a cron expression (5 fields, or 6 with seconds first) or "off" (got "${value}": ${problem})`,
      );
  }
  return {
    run: readRun(env, nodeEnv, problems),
    timeZone,
    scheduleOverrides,
    queuePrefix: env.JOBS_QUEUE_PREFIX?.trim() || 'loyalty',
    catchUp: readFlag(env, 'JOBS_CATCH_UP', true, problems),
    attempts: readWhole(env, 'JOBS_ATTEMPTS', 3, 1, 20, problems),
    retryBaseMs: readWhole(env, 'JOBS_RETRY_BASE_MS', 30_000, 10, 3_600_000, problems),
  };
}

export function readRetentionConfig(env: Env, problems: string[]): RetentionConfig {
  const auditDays = env.AUDIT_RETENTION_DAYS?.trim();
  if (auditDays && auditDays !== '0' && auditDays !== 'forever')
    problems.push(
      'AUDIT_RETENTION_DAYS can only be "forever" (or 0): the audit log is never deleted by a job (README: Retention)',
    );
  return {
    activityEventDays: readWhole(env, 'ACTIVITY_RETENTION_DAYS', 30, 1, 36_500, problems),
    idempotencyKeyDays: readWhole(env, 'IDEMPOTENCY_RETENTION_DAYS', 30, 1, 36_500, problems),
    webhookBodyDays: readWhole(env, 'WEBHOOK_BODY_RETENTION_DAYS', 14, 1, 36_500, problems),
    webhookFailedBodyDays: readWhole(env, 'WEBHOOK_FAILED_BODY_RETENTION_DAYS', 90, 1, 36_500, problems),
    jobRunDays: readWhole(env, 'JOB_RUN_RETENTION_DAYS', 14, 1, 36_500, problems),
    auditEntryDays: 0,
    batchSize: readWhole(env, 'RETENTION_BATCH_SIZE', 1_000, 1, 100_000, problems),
  };
}

function readRun(env: Env, nodeEnv: string, problems: string[]): JobsConfig['run'] {
  const raw = env.JOBS?.trim();
  if (raw === undefined || raw === '') {
    // The older switch still works; tests run jobs explicitly with a chosen `now`, so none by default.
    const enabled = readFlag(env, 'JOBS_ENABLED', nodeEnv !== 'test', problems);
    return enabled ? 'all' : 'none';
  }
  if (['off', 'none', 'false', '0'].includes(raw)) return 'none';
  if (['on', 'all', 'true', '1'].includes(raw)) return 'all';
  const names = raw
    .split(',')
    .map((name) => name.trim())
    .filter(Boolean);
  if (names.some((name) => !/^[a-z0-9][a-z0-9:-]*$/.test(name)))
    problems.push(`JOBS must be on, off, or a comma-separated list of job names (got "${raw}")`);
  return names;
}

function readFlag(env: Env, name: string, fallback: boolean, problems: string[]): boolean {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (['1', 'true', 'yes'].includes(raw)) return true;
  if (['0', 'false', 'no'].includes(raw)) return false;
  problems.push(`${name} must be true or false (got "${raw}")`);
  return fallback;
}

function readWhole(env: Env, name: string, fallback: number, min: number, max: number, problems: string[]) {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!/^\d+$/.test(raw) || value < min || value > max) {
    problems.push(`${name} must be a whole number from ${min} to ${max} (got "${raw}")`);
    return fallback;
  }
  return value;
}

function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/** The retention periods when nothing is configured (the CLI and tests that pass no config). */
export const DEFAULT_RETENTION: RetentionConfig = readRetentionConfig({}, []);
