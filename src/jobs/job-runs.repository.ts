import { IsNull, type EntityManager } from 'typeorm';
import type { Database } from '../data/database';
import { isUniqueViolation } from '../data/database-errors';
import { JobRun, type JobRunTrigger } from './job-run.entity';

export interface StartedRun {
  jobName: string;
  trigger: JobRunTrigger;
  scheduledFor: Date | null;
  /** Absent: one more than the runs already recorded for this job, trigger and instant. */
  attempt?: number;
  instance: string;
  startedAt: Date;
}

/** The SQL of the job_run table: start (guarded), finish, the last runs per job, pruning. */
export class JobRunsRepository {
  constructor(private readonly db: Database) {}

  /** The run's id, or null when this (job, scheduled instant, attempt) was already started elsewhere. */
  async start(run: StartedRun): Promise<number | null> {
    try {
      return await this.db.transaction(async (manager) => {
        const attempt =
          run.attempt ??
          1 +
            (await manager.countBy(JobRun, {
              jobName: run.jobName,
              trigger: run.trigger,
              scheduledFor: run.scheduledFor ?? IsNull(),
            }));
        const result = await manager.insert(JobRun, {
          ...run,
          attempt,
          status: 'RUNNING',
          finishedAt: null,
          reportJson: null,
          error: null,
        });
        return result.identifiers[0].id as number;
      });
    } catch (error) {
      if (run.scheduledFor !== null && isUniqueViolation(error)) return null;
      throw error;
    }
  }

  async finish(
    id: number,
    outcome: { status: 'SUCCEEDED' | 'FAILED'; finishedAt: Date; report?: object; error?: string },
  ): Promise<void> {
    await this.db.transaction((manager) =>
      manager.update(JobRun, id, {
        status: outcome.status,
        finishedAt: outcome.finishedAt,
        reportJson: outcome.report ? JSON.stringify(outcome.report) : null,
        error: outcome.error?.slice(0, 1000) ?? null,
      }),
    );
  }

  /** The newest run of each named job (one indexed query per job: the list is short). */
  async latest(jobNames: readonly string[]): Promise<Map<string, JobRun>> {
    const latest = new Map<string, JobRun>();
    for (const jobName of jobNames) {
      const row = await this.db.manager.findOne(JobRun, {
        where: { jobName },
        order: { startedAt: 'DESC', id: 'DESC' },
      });
      if (row) latest.set(jobName, row);
    }
    return latest;
  }

  /** Newest run that succeeded or is still running, started at or after `since` (catch-up rule). */
  async coveredSince(jobName: string, since: Date): Promise<boolean> {
    const count = await this.db.manager
      .createQueryBuilder(JobRun, 'r')
      .where('r.jobName = :jobName', { jobName })
      .andWhere('r.startedAt >= :since', { since })
      .andWhere("r.status IN ('SUCCEEDED', 'RUNNING')")
      .getCount();
    return count > 0;
  }

  /** Has this job ever succeeded? (A fresh demo has never run its recommendations.) */
  async everSucceeded(jobName: string): Promise<boolean> {
    return (await this.db.manager.countBy(JobRun, { jobName, status: 'SUCCEEDED' })) > 0;
  }

  runs(manager: EntityManager, jobName: string): Promise<JobRun[]> {
    return manager.find(JobRun, { where: { jobName }, order: { id: 'ASC' } });
  }
}
