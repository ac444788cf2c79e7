import { randomBytes } from 'node:crypto';
import { Queue } from 'bullmq';
import mysql from 'mysql2/promise';
import { createScratchDatabase, type TestDatabase } from '../harness/test-database';
import { TEST_JWT_SECRET } from '../harness/test-environment';
import { startServerProcess, type ServerProcess } from '../harness/server-process';

/**
 * Two built server processes share MariaDB (and Redis, when the scenario has it). This spec always
 * runs on MariaDB, also in the SQLite pass of the suite: "once across the cluster" is about several
 * processes on one shared database, which is what production runs; the SQLite default is one process.
 * It uses TEST_DATABASE_URL when that names MySQL/MariaDB, else the local server CI starts.
 */
const MYSQL_URL = /^(mysql|mariadb):/.test(process.env.TEST_DATABASE_URL ?? '')
  ? process.env.TEST_DATABASE_URL!
  : 'mysql://root@127.0.0.1:3306/loyalty_test';
const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const JOB = 'points-release-expired-holds';
const QUEUE = `job.${JOB}`;
const RUNS_TO_WATCH = 6;

interface RunRow {
  scheduledFor: Date;
  attempt: number;
  status: string;
  instance: string;
}

async function readRuns(databaseUrl: string): Promise<RunRow[]> {
  const connection = await mysql.createConnection({
    uri: databaseUrl.replace(/^mariadb:/, 'mysql:'),
    timezone: 'Z',
  });
  try {
    const [rows] = await connection.query(
      'SELECT scheduledFor, attempt, status, instance FROM job_run WHERE jobName = ? ORDER BY scheduledFor',
      [JOB],
    );
    return rows as RunRow[];
  } finally {
    await connection.end();
  }
}

async function until<T>(read: () => Promise<T>, done: (value: T) => boolean): Promise<T> {
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

function startTwo(env: Record<string, string>): Promise<[ServerProcess, ServerProcess]> {
  // One after the other: the first runs the migrations.
  return startServerProcess(env).then(async (first) => [first, await startServerProcess(env)]);
}

describe.each([
  ['with Redis: BullMQ queues', true],
  ['without Redis: each process fires, the job_run guard lets one run', false],
])('a job scheduled every second on two server processes sharing MariaDB, %s', (_label, withRedis) => {
  let database: TestDatabase;
  let servers: ServerProcess[] = [];
  const prefix = `loyalty-test-${process.pid}-${randomBytes(3).toString('hex')}`;

  beforeAll(async () => {
    database = await createScratchDatabase(MYSQL_URL, 'jobs');
    servers = await startTwo({
      DATABASE_URL: database.url,
      ...(withRedis ? { REDIS_URL } : {}),
      JWT_SECRET: TEST_JWT_SECRET,
      SEED_DEMO_DATA: 'false',
      JOBS: JOB,
      JOB_SCHEDULE_POINTS_RELEASE_EXPIRED_HOLDS: '* * * * * *',
      JOBS_QUEUE_PREFIX: prefix,
      JOBS_CATCH_UP: 'false',
    });
  }, 90_000);
  afterAll(async () => {
    await Promise.all(servers.map((server) => server.stop()));
    if (withRedis) {
      const queue = new Queue(QUEUE, { connection: { url: REDIS_URL }, prefix });
      await queue.obliterate({ force: true });
      await queue.close();
    }
    await database?.drop();
  });

  it('runs each scheduled second once: one succeeded job_run row per instant, never two', async () => {
    const runs = await until(
      () => readRuns(database.url),
      (rows) => rows.filter((row) => row.status === 'SUCCEEDED').length >= RUNS_TO_WATCH,
    );
    const instants = runs.map((row) => new Date(row.scheduledFor).getTime());
    expect(new Set(instants).size).toBe(instants.length);
    expect(instants.every((ms) => ms % 1000 === 0)).toBe(true);
    expect(runs.every((row) => row.attempt === 1)).toBe(true);
  }, 60_000);

  if (withRedis)
    it('gets each instant from BullMQ once: no queued run found its instant already taken', async () => {
      const queue = new Queue(QUEUE, { connection: { url: REDIS_URL }, prefix });
      try {
        const completed = await until(
          () => queue.getJobs(['completed']),
          (jobs) => jobs.length >= RUNS_TO_WATCH,
        );
        expect(completed.map((job) => job.returnvalue)).not.toContainEqual({ skippedAlreadyRun: 1 });
        expect(completed.every((job) => job.returnvalue && 'holdsReleased' in job.returnvalue)).toBe(true);
        expect(await queue.getGlobalConcurrency()).toBe(1);
        const scheduler = await queue.getJobScheduler('cron');
        expect(scheduler).toMatchObject({ pattern: '* * * * * *', tz: 'UTC' });
      } finally {
        await queue.close();
      }
    }, 60_000);
});
