import type { Database } from '../data/database';
import type { Job } from './job';
import { JobRun } from './job-run.entity';
import { daysBefore, deleteOldestFirst } from './retention-batches';

/**
 * Deletes job run history older than JOB_RUN_RETENTION_DAYS (14): a job every two seconds writes
 * 43,200 rows a day. The newest run of each job is what `npm run job -- list` shows; a job that has not
 * run for the whole period loses its history (and is then caught up at the next start as "never run").
 */
export function jobRunsRetentionJob(db: Database, settings: { days: number; batchSize: number }): Job {
  return {
    name: 'job-runs-retention',
    description: `Delete job run history older than ${settings.days} days`,
    schedule: '30 4 * * *',
    async run(now) {
      const runsDeleted = await deleteOldestFirst(db, {
        entity: JobRun,
        table: 'job_run',
        ageColumn: 'startedAt',
        cutoff: daysBefore(now, settings.days),
        batchSize: settings.batchSize,
      });
      return { runsDeleted };
    },
  };
}
