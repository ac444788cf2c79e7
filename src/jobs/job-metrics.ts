import { Counter, Gauge, Histogram, register, type Metric } from 'prom-client';

/**
 * Job and retention metrics on prom-client's default registry (served at /metrics). Created once per
 * process: tests start many servers in one process and prom-client refuses a name registered twice.
 * Labels are bounded: `job` is a job name (core jobs and installed plugins' jobs), `outcome` one of
 * three words, `table` one of the retained tables.
 */
function once<T extends Metric>(name: string, create: () => T): T {
  return (register.getSingleMetric(name) as T | undefined) ?? create();
}

export type JobOutcome = 'succeeded' | 'failed' | 'skipped';

export const jobRunsTotal = once(
  'loyalty_job_runs_total',
  () =>
    new Counter({
      name: 'loyalty_job_runs_total',
      help: 'Job runs on this instance by job and outcome (skipped: another instance had this scheduled run)',
      labelNames: ['job', 'outcome'] as const,
    }),
);

export const jobDurationSeconds = once(
  'loyalty_job_duration_seconds',
  () =>
    new Histogram({
      name: 'loyalty_job_duration_seconds',
      help: 'How long job runs took on this instance, by job and outcome',
      labelNames: ['job', 'outcome'] as const,
      buckets: [0.01, 0.05, 0.1, 0.5, 1, 5, 15, 60, 300, 900, 3600],
    }),
);

export const jobLastSuccessSeconds = once(
  'loyalty_job_last_success_timestamp_seconds',
  () =>
    new Gauge({
      name: 'loyalty_job_last_success_timestamp_seconds',
      help: 'Unix time of the last successful run of each job on this instance (alert on staleness)',
      labelNames: ['job'] as const,
    }),
);

export const retentionRowsTotal = once(
  'loyalty_retention_rows_total',
  () =>
    new Counter({
      name: 'loyalty_retention_rows_total',
      help: 'Rows removed (deleted) or emptied of their payload (cleared) by the retention jobs, by table',
      labelNames: ['table', 'action'] as const,
    }),
);
