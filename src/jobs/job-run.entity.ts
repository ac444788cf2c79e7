import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

export type JobRunStatus = 'RUNNING' | 'SUCCEEDED' | 'FAILED';
/** `schedule`: its cron fired; `catch-up`: run at start because the last scheduled run was missed; `manual`: the CLI. */
export type JobRunTrigger = 'schedule' | 'catch-up' | 'manual';

/**
 * One run of one job, on any instance: what `npm run job -- list` shows as the last outcome, what the
 * start-up catch-up reads, and the failure record operators look at. Times are the machine's clock
 * (scheduling, like leases), not the business clock jobs are given as `now`.
 *
 * The unique index is the database guard behind "once per schedule": two instances whose timers fire
 * for the same scheduled instant both try to insert (job, trigger, scheduledFor, attempt), and only one
 * can (a catch-up at start has its own trigger, so it never collides with a failed scheduled run).
 * Manual runs have no scheduledFor (NULLs never collide in a unique index on either engine).
 */
@Entity('job_run')
@Index('UQ_job_run_scheduled', ['jobName', 'trigger', 'scheduledFor', 'attempt'], { unique: true })
@Index('IDX_job_run_job_started', ['jobName', 'startedAt'])
export class JobRun {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ type: 'varchar', length: 100 })
  jobName: string;

  @Column({ type: 'varchar', length: 16 })
  trigger: JobRunTrigger;

  @Column({ type: 'datetime', precision: 3, nullable: true })
  scheduledFor: Date | null;

  /** 1 for the first try; BullMQ retries (with backoff) count up. */
  @Column({ type: 'int' })
  attempt: number;

  @Column({ type: 'varchar', length: 16 })
  status: JobRunStatus;

  /** `host:pid` of the process that ran it. */
  @Column({ type: 'varchar', length: 100 })
  instance: string;

  @Column({ type: 'datetime', precision: 3 })
  startedAt: Date;

  @Column({ type: 'datetime', precision: 3, nullable: true })
  finishedAt: Date | null;

  /** The job's report (counts), JSON. */
  @Column({ type: 'text', nullable: true })
  reportJson: string | null;

  @Column({ type: 'varchar', length: 1000, nullable: true })
  error: string | null;
}
