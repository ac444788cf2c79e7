import { Table, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';
import { datetime, id, text, varchar } from './columns';

/**
 * Run history of the scheduled jobs (src/jobs/job-run.entity.ts): last outcome per job for
 * `npm run job -- list`, the start-up catch-up rule, and a unique (job, trigger, scheduled instant,
 * attempt)
 * so that two instances firing the same schedule run it once. Also an index on idempotency_key's
 * createdAt, so its retention job deletes the oldest keys by an index range instead of a table scan.
 * `integer` is TypeORM's name for an int column on SQLite (MySQL/MariaDB store it as `int`).
 */
export class JobRun1764000001600 implements MigrationInterface {
  name = 'JobRun1764000001600';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'job_run',
        columns: [
          id(),
          varchar('jobName', 100),
          varchar('trigger', 16),
          datetime('scheduledFor', true),
          { name: 'attempt', type: 'integer' },
          varchar('status', 16),
          varchar('instance', 100),
          datetime('startedAt'),
          datetime('finishedAt', true),
          text('reportJson', true),
          varchar('error', 1000, { isNullable: true }),
        ],
        indices: [
          new TableIndex({
            name: 'UQ_job_run_scheduled',
            columnNames: ['jobName', 'trigger', 'scheduledFor', 'attempt'],
            isUnique: true,
          }),
          new TableIndex({ name: 'IDX_job_run_job_started', columnNames: ['jobName', 'startedAt'] }),
        ],
      }),
    );
    await queryRunner.createIndex(
      'idempotency_key',
      new TableIndex({ name: 'IDX_idempotency_key_created', columnNames: ['createdAt'] }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropIndex('idempotency_key', 'IDX_idempotency_key_created');
    await queryRunner.dropTable('job_run');
  }
}
