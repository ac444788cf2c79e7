import { ActivityEvent, activityRetentionJob, ActivityRetentionHolds } from '../../src/modules/activity';
import { AuditEntry } from '../../src/modules/audit';
import { IdempotencyKey } from '../../src/modules/idempotency';
import { JobRun } from '../../src/jobs/job-run.entity';
import { PluginEventCursor, PluginInstallation } from '../../src/plugin-system/plugin-installation.entity';
import { WebhookDelivery, WebhookDeliveryStatus } from '../../src/plugin-system/webhook-delivery.entity';
import { retentionRowsTotal } from '../../src/jobs/job-metrics';
import { createTestEnvironment, type TestEnvironment } from '../harness/test-environment';

const NOW = new Date('2026-06-15T12:00:00.000Z');
const daysAgo = (days: number) => new Date(NOW.getTime() - days * 86_400_000);

/**
 * The retention jobs with the clock pinned: old rows go, recent ones and those still needed stay.
 * RETENTION_BATCH_SIZE=2 so every job works through several batches.
 */
describe('retention jobs', () => {
  let env: TestEnvironment;

  beforeAll(async () => {
    env = await createTestEnvironment({ now: NOW, env: { RETENTION_BATCH_SIZE: '2' } });
  });
  afterAll(() => env.stop());

  const job = (name: string) => {
    const found = env.app.core.jobs.find((candidate) => candidate.name === name);
    if (!found) throw new Error(`no job ${name}`);
    return found;
  };
  const insert = <T extends object>(entity: new () => T, rows: Partial<T>[]) =>
    env.app.db.transaction(async (manager) => {
      const ids: number[] = [];
      for (const row of rows)
        ids.push((await manager.insert(entity, row as never)).identifiers[0].id as number);
      return ids;
    });
  const deletedCount = async (table: string, action: string) =>
    (await retentionRowsTotal.get()).values.find(
      (v) => v.labels.table === table && v.labels.action === action,
    )?.value ?? 0;

  describe('activity_event', () => {
    let ids: number[];

    beforeAll(async () => {
      await env.app.db.transaction((manager) => manager.clear(ActivityEvent));
      const event = (age: number, n: number): Partial<ActivityEvent> => ({
        type: 'test.retention',
        memberId: null,
        channel: null,
        storeId: null,
        plugin: null,
        summary: `event ${n}`,
        payloadJson: '{}',
        occurredAt: daysAgo(age),
      });
      // Oldest first, as the outbox writes them: five past the 30 days, three within.
      ids = await insert(ActivityEvent, [45, 40, 35, 33, 31, 29, 10, 1].map(event));
    });

    it('keeps every event a consumer has not read, even a year old: the slowest cursor caps the delete', async () => {
      const holds = new ActivityRetentionHolds();
      holds.holdFor('a slow consumer', async () => ids[1]);
      const retention = activityRetentionJob(env.app.db, holds, () => Number.MAX_SAFE_INTEGER, {
        days: 30,
        batchSize: 2,
      });
      expect(await retention.run(env.clock.now())).toEqual({ eventsDeleted: 2 });
      expect(await remainingIds()).toEqual(ids.slice(2));
    });

    it('never deletes above the published horizon (events not yet delivered to subscribers)', async () => {
      const retention = activityRetentionJob(env.app.db, new ActivityRetentionHolds(), () => ids[3], {
        days: 30,
        batchSize: 2,
      });
      expect(await retention.run(env.clock.now())).toEqual({ eventsDeleted: 2 });
      expect(await remainingIds()).toEqual(ids.slice(4));
    });

    it('deletes what is older than 30 days and keeps the rest, counting the rows in the metric', async () => {
      await publishedUpTo(ids[ids.length - 1]);
      const before = await deletedCount('activity_event', 'deleted');
      expect(await job('activity-retention').run(env.clock.now())).toEqual({ eventsDeleted: 1 });
      expect(await remainingIds()).toEqual(ids.slice(5));
      expect(await deletedCount('activity_event', 'deleted')).toBe(before + 1);
    });

    it("respects installed plugins' event cursors (the plugin event handlers' hold)", async () => {
      const young = await insert(ActivityEvent, [
        {
          type: 'test.retention',
          summary: 'late',
          payloadJson: '{}',
          occurredAt: daysAgo(1),
          memberId: null,
          channel: null,
          storeId: null,
          plugin: null,
        },
      ]);
      await insert(PluginInstallation, [
        {
          name: 'retention-test',
          version: '1.0.0',
          enabled: false,
          optionsJson: '{}',
          installedAt: daysAgo(100),
          updatedAt: daysAgo(100),
        },
      ]);
      await env.app.db.transaction((manager) =>
        manager.insert(PluginEventCursor, {
          plugin: 'retention-test',
          lastEventId: ids[4],
          updatedAt: daysAgo(100),
        }),
      );
      await publishedUpTo(young[0]);
      // Age everything: only what the plugin has read (up to ids[4], already gone) may go.
      const later = new Date(NOW.getTime() + 400 * 86_400_000);
      expect(await job('activity-retention').run(later)).toEqual({ eventsDeleted: 0 });
      expect(await remainingIds()).toEqual([...ids.slice(5), ...young]);
      await env.app.db.transaction((manager) =>
        manager.delete(PluginInstallation, { name: 'retention-test' }),
      );
      // Uninstalled (its cursor row left behind) it holds nothing back any more.
      expect(await job('activity-retention').run(later)).toEqual({ eventsDeleted: 4 });
    });

    /** The outbox tailer publishes what it finds on its next poll (these rows were written without a notify). */
    async function publishedUpTo(id: number): Promise<void> {
      while (env.app.core.services.activity.feed.horizon() < id)
        await new Promise((resolve) => setTimeout(resolve, 50));
    }

    async function remainingIds(): Promise<number[]> {
      return (await env.app.db.manager.find(ActivityEvent, { order: { id: 'ASC' } })).map((e) => e.id);
    }
  });

  describe('idempotency_key', () => {
    it('deletes keys older than 30 days in batches (ties included) and keeps newer ones', async () => {
      const key = (key: string, age: number): Partial<IdempotencyKey> => ({
        scope: 'test',
        key,
        requestHash: 'h',
        resultJson: '{}',
        createdAt: daysAgo(age),
      });
      await insert(IdempotencyKey, [
        key('a', 90),
        key('b', 60),
        key('c', 60),
        key('d', 60),
        key('e', 31),
        key('f', 29),
        key('g', 0),
      ]);
      expect(await job('idempotency-retention').run(env.clock.now())).toEqual({ keysDeleted: 5 });
      const left = await env.app.db.manager.find(IdempotencyKey, {
        where: { scope: 'test' },
        order: { key: 'ASC' },
      });
      expect(left.map((k) => k.key)).toEqual(['f', 'g']);
    });
  });

  describe('webhook_delivery', () => {
    const delivery = (
      deliveryId: string,
      status: WebhookDeliveryStatus,
      receivedDaysAgo: number,
      processedDaysAgo: number | null,
    ): Partial<WebhookDelivery> => ({
      plugin: 'retention-test',
      deliveryId,
      path: 'orders',
      topic: 'orders/create',
      status,
      attempts: 1,
      replays: 0,
      nextAttemptAt: null,
      lockedUntil: null,
      lockToken: null,
      headersJson: '{"x-topic":"orders/create"}',
      body: `{"customer":{"email":"${deliveryId}@example.com"}}`,
      lastError: status === WebhookDeliveryStatus.FAILED ? 'boom' : null,
      receivedAt: daysAgo(receivedDaysAgo),
      processedAt: processedDaysAgo === null ? null : daysAgo(processedDaysAgo),
      updatedAt: daysAgo(processedDaysAgo ?? receivedDaysAgo),
    });
    let ids: Record<string, number>;

    beforeAll(async () => {
      const rows = [
        delivery('processed-old', WebhookDeliveryStatus.PROCESSED, 21, 20),
        delivery('processed-recent', WebhookDeliveryStatus.PROCESSED, 6, 5),
        delivery('failed-replayable', WebhookDeliveryStatus.FAILED, 20, null),
        delivery('failed-expired', WebhookDeliveryStatus.FAILED, 100, null),
        delivery('pending-old', WebhookDeliveryStatus.PENDING, 30, null),
      ];
      const inserted = await insert(WebhookDelivery, rows);
      ids = Object.fromEntries(rows.map((row, i) => [row.deliveryId!, inserted[i]]));
    });

    it('clears the raw body and headers of processed deliveries after 14 days and of failed ones after 90, keeping every row', async () => {
      expect(await job('webhook-delivery-retention').run(env.clock.now())).toEqual({ bodiesCleared: 2 });
      const rows = await env.app.db.manager.find(WebhookDelivery, { where: { plugin: 'retention-test' } });
      const byId = Object.fromEntries(rows.map((row) => [row.deliveryId, row]));
      expect(rows).toHaveLength(5);
      expect(byId['processed-old']).toMatchObject({
        body: '',
        headersJson: '{}',
        status: 'PROCESSED',
        topic: 'orders/create',
      });
      expect(byId['failed-expired']).toMatchObject({
        body: '',
        headersJson: '{}',
        status: 'FAILED',
        lastError: 'boom',
      });
      for (const kept of ['processed-recent', 'failed-replayable', 'pending-old'])
        expect(byId[kept].body).toContain(`${kept}@example.com`);
      expect(await job('webhook-delivery-retention').run(env.clock.now())).toEqual({ bodiesCleared: 0 });
    });

    it('refuses to replay a delivery whose body was cleared, with CONFLICT', async () => {
      const response = await env.gql(
        'mutation ($id: ID!) { replayWebhookDelivery(id: $id) { id status } }',
        { id: String(ids['failed-expired']) },
        await env.adminToken(),
      );
      expect(response.errors?.[0]).toMatchObject({
        extensions: { code: 'CONFLICT' },
        message: expect.stringContaining('retention cleared its raw body'),
      });
    });
  });

  describe('job_run and audit_entry', () => {
    it('prunes job run history after 14 days', async () => {
      const run = (jobName: string, age: number): Partial<JobRun> => ({
        jobName,
        trigger: 'manual',
        scheduledFor: null,
        attempt: 1,
        status: 'SUCCEEDED',
        instance: 'test',
        startedAt: daysAgo(age),
        finishedAt: daysAgo(age),
        reportJson: '{}',
        error: null,
      });
      await insert(JobRun, [
        run('retention-test-a', 20),
        run('retention-test-a', 15),
        run('retention-test-b', 2),
      ]);
      expect(await job('job-runs-retention').run(env.clock.now())).toEqual({ runsDeleted: 2 });
      const left = await env.app.db.manager.find(JobRun, {
        where: [{ jobName: 'retention-test-a' }, { jobName: 'retention-test-b' }],
      });
      expect(left.map((r) => r.jobName)).toEqual(['retention-test-b']);
    });

    it('never deletes an audit entry, however old: no retention job touches audit_entry', async () => {
      await insert(AuditEntry, [
        {
          actorRole: 'admin',
          actorId: 'admin-1',
          action: 'member.update',
          targetType: 'member',
          targetId: '1',
          beforeJson: null,
          afterJson: null,
          requestId: null,
          createdAt: daysAgo(3_650),
        },
      ]);
      const before = await env.app.db.manager.count(AuditEntry);
      const later = new Date(NOW.getTime() + 20 * 365 * 86_400_000);
      for (const name of [
        'activity-retention',
        'idempotency-retention',
        'webhook-delivery-retention',
        'job-runs-retention',
      ])
        await job(name).run(later);
      expect(await env.app.db.manager.count(AuditEntry)).toBe(before);
      expect(env.app.core.jobs.map((j) => j.name).filter((name) => name.includes('audit'))).toEqual([]);
    });
  });
});
