import { ConfigError, loadConfig } from '../config/config';
import type { Job } from './job';
import {
  cronForInterval,
  nextRunAfter,
  previousRunAt,
  resolveSchedule,
  scheduleVariable,
} from './job-schedule';

const job = (extra: Partial<Job>): Job => ({
  name: 'points-expire-lots',
  description: 'test job',
  run: async () => ({}),
  ...extra,
});

describe('job schedules', () => {
  it('names the override variable after the job: JOB_SCHEDULE_ and the name in capitals', () => {
    expect(scheduleVariable('points-expire-lots')).toBe('JOB_SCHEDULE_POINTS_EXPIRE_LOTS');
    expect(scheduleVariable('partner-exchange:reconcile-transfers')).toBe(
      'JOB_SCHEDULE_PARTNER_EXCHANGE_RECONCILE_TRANSFERS',
    );
  });

  it('runs a job on its own cron expression unless the environment overrides it, or turns it off', () => {
    expect(resolveSchedule(job({ schedule: '0 3 * * *' }), 'UTC', {})).toMatchObject({
      pattern: '0 3 * * *',
      source: 'job',
    });
    const overridden = resolveSchedule(job({ schedule: '0 3 * * *' }), 'UTC', {
      JOB_SCHEDULE_POINTS_EXPIRE_LOTS: '*/5 * * * *',
    });
    expect(overridden).toMatchObject({ pattern: '*/5 * * * *', source: 'environment' });
    expect(
      resolveSchedule(job({ schedule: '0 3 * * *' }), 'UTC', { JOB_SCHEDULE_POINTS_EXPIRE_LOTS: 'off' })
        .pattern,
    ).toBeNull();
  });

  it('turns the older everySeconds into the cron that fires on the same wall-clock multiples', () => {
    expect(cronForInterval(2)).toBe('*/2 * * * * *');
    expect(cronForInterval(60)).toBe('0 */1 * * * *');
    expect(cronForInterval(600)).toBe('0 */10 * * * *');
    expect(cronForInterval(3600)).toBe('0 0 */1 * * *');
    expect(cronForInterval(86_400)).toBe('0 0 0 * * *');
    expect(resolveSchedule(job({ everySeconds: 60 }), 'UTC', {}).pattern).toBe('0 */1 * * * *');
  });

  it('reads the cron in the jobs time zone: 03:00 in Berlin is 02:00 UTC in winter and 01:00 in summer', () => {
    const daily = resolveSchedule(job({ schedule: '0 3 * * *' }), 'Europe/Berlin', {});
    expect(nextRunAfter(daily, new Date('2026-12-04T12:00:00Z'))).toEqual(new Date('2026-12-05T02:00:00Z'));
    expect(nextRunAfter(daily, new Date('2026-07-04T12:00:00Z'))).toEqual(new Date('2026-07-05T01:00:00Z'));
    expect(previousRunAt(daily, new Date('2026-12-04T12:00:00Z'))).toEqual(new Date('2026-12-04T02:00:00Z'));
  });
});

describe('jobs configuration', () => {
  const problemsOf = (env: Record<string, string>): string[] => {
    try {
      loadConfig({ NODE_ENV: 'development', ...env });
      return [];
    } catch (error) {
      return (error as ConfigError).problems;
    }
  };

  it('runs every job by default, none in tests, none with JOBS=off, and only the named ones with a list', () => {
    expect(loadConfig({ NODE_ENV: 'development' }).jobs.run).toBe('all');
    expect(loadConfig({ NODE_ENV: 'test' }).jobs.run).toBe('none');
    expect(loadConfig({ NODE_ENV: 'development', JOBS: 'off' }).jobs.run).toBe('none');
    expect(loadConfig({ NODE_ENV: 'development', JOBS_ENABLED: 'false' }).jobs.run).toBe('none');
    expect(loadConfig({ NODE_ENV: 'test', JOBS: 'tiers-review, insight-recompute' }).jobs.run).toEqual([
      'tiers-review',
      'insight-recompute',
    ]);
  });

  it('defaults to UTC and to the documented retention periods', () => {
    const config = loadConfig({ NODE_ENV: 'development' });
    expect(config.jobs.timeZone).toBe('UTC');
    expect(config.retention).toMatchObject({
      activityEventDays: 30,
      idempotencyKeyDays: 30,
      webhookBodyDays: 14,
      webhookFailedBodyDays: 90,
      jobRunDays: 14,
      auditEntryDays: 0,
      batchSize: 1000,
    });
  });

  it('refuses a bad cron expression, an unknown time zone and a deleting audit retention, one line each', () => {
    expect(
      problemsOf({
        JOB_SCHEDULE_TIERS_REVIEW: '61 * * * *',
        JOBS_TIME_ZONE: 'Nowhere/Land',
        AUDIT_RETENTION_DAYS: '365',
        ACTIVITY_RETENTION_DAYS: '0',
      }).map((line) => line.split(' ')[0]),
    ).toEqual(['JOBS_TIME_ZONE', 'AUDIT_RETENTION_DAYS', 'ACTIVITY_RETENTION_DAYS']);
    expect(problemsOf({ JOB_SCHEDULE_TIERS_REVIEW: '61 * * * *' })).toEqual([
      expect.stringContaining('JOB_SCHEDULE_TIERS_REVIEW must be a cron expression'),
    ]);
    expect(problemsOf({ JOB_SCHEDULE_TIERS_REVIEW: 'off', JOBS_TIME_ZONE: 'Asia/Shanghai' })).toEqual([]);
  });
});
