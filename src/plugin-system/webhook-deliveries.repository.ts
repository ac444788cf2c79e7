import { type EntityManager } from 'typeorm';
import type { ColumnMetadata } from 'typeorm/metadata/ColumnMetadata';
import { clock } from '../common/clock';
import { WebhookDelivery, WebhookDeliveryStatus } from './webhook-delivery.entity';

export interface DeliveryCriteria {
  plugin?: string | null;
  status?: WebhookDeliveryStatus | null;
}

/** SQL for the delivery log, which is also the background queue. */
export class WebhookDeliveriesRepository {
  /**
   * One INSERT and nothing else, its id read from the driver's answer. A second delivery with the same
   * plugin and platform delivery id fails on UQ_webhook_delivery_plugin_delivery: the unique key decides
   * duplicates, no read before. The statement is built once per data source from the entity's metadata
   * and each value converted by the driver as TypeORM's insert would (dates to the engine's format), so
   * the accept path skips query building (10% of its CPU) and the re-select of generated columns.
   */
  async insert(
    manager: EntityManager,
    row: Omit<WebhookDelivery, 'id' | 'lockToken' | 'traceparent'> & { traceparent?: string | null },
  ): Promise<number> {
    const statement = this.insertStatement(manager);
    const values: Record<string, unknown> = { traceparent: null, ...row, lockToken: null };
    const driver = manager.connection.driver;
    const raw = (await manager.query(
      statement.sql,
      statement.columns.map((column) => driver.preparePersistentValue(values[column.propertyName], column)),
    )) as { insertId?: number | string } | number | bigint;
    // mysql2 answers a ResultSetHeader (insertId); better-sqlite3 the last row id itself.
    return Number(typeof raw === 'object' ? raw.insertId : raw);
  }

  private insertStatements = new WeakMap<object, { sql: string; columns: ColumnMetadata[] }>();

  private insertStatement(manager: EntityManager): { sql: string; columns: ColumnMetadata[] } {
    let statement = this.insertStatements.get(manager.connection);
    if (!statement) {
      const metadata = manager.connection.getMetadata(WebhookDelivery);
      const columns = metadata.columns.filter((column) => !column.isGenerated);
      const driver = manager.connection.driver;
      const names = columns.map((column) => driver.escape(column.databaseName)).join(', ');
      const marks = columns.map(() => '?').join(', ');
      statement = {
        sql: `INSERT INTO ${driver.escape(metadata.tableName)} (${names}) VALUES (${marks})`,
        columns,
      };
      this.insertStatements.set(manager.connection, statement);
    }
    return statement;
  }

  byId(manager: EntityManager, id: number): Promise<WebhookDelivery | null> {
    return manager.findOneBy(WebhookDelivery, { id });
  }

  /** Ids of deliveries due now: pending and due, or processing with a lapsed lease (a dead worker). */
  async due(manager: EntityManager, plugins: string[], now: Date, limit: number): Promise<number[]> {
    if (plugins.length === 0) return [];
    const rows = await manager
      .createQueryBuilder(WebhookDelivery, 'd')
      .select('d.id', 'id')
      .where('d.plugin IN (:...plugins)', { plugins })
      .andWhere(
        '((d.status = :pending AND (d.nextAttemptAt IS NULL OR d.nextAttemptAt <= :now)) OR (d.status = :processing AND d.lockedUntil < :now))',
        { pending: WebhookDeliveryStatus.PENDING, processing: WebhookDeliveryStatus.PROCESSING, now },
      )
      .orderBy('d.id', 'ASC')
      .limit(limit)
      .getRawMany<{ id: number }>();
    return rows.map((row) => Number(row.id));
  }

  /**
   * Claims a delivery for one attempt by a conditional update, so two workers (or instances) never run
   * the same delivery at once. The lease lasts `leaseMs` unless renewed: if this worker dies mid-attempt
   * another takes the delivery over once it lapses. `token` names this claim (see `renew`, `finish`).
   * `now` is the scheduling instant (the machine's clock, as in `due`); updatedAt is from `clock`.
   */
  async claim(
    manager: EntityManager,
    id: number,
    now: Date,
    leaseMs: number,
    token: string,
  ): Promise<boolean> {
    const result = await manager
      .createQueryBuilder()
      .update(WebhookDelivery)
      .set({
        status: WebhookDeliveryStatus.PROCESSING,
        attempts: () => 'attempts + 1',
        lockedUntil: new Date(now.getTime() + leaseMs),
        lockToken: token,
        updatedAt: clock.now(),
      })
      .where(
        'id = :id AND ((status = :pending AND (nextAttemptAt IS NULL OR nextAttemptAt <= :now)) OR (status = :processing AND lockedUntil < :now))',
        { id, pending: WebhookDeliveryStatus.PENDING, processing: WebhookDeliveryStatus.PROCESSING, now },
      )
      .execute();
    return (result.affected ?? 0) > 0;
  }

  /** Extends the lease of a claim still held; false when another worker has taken the delivery over. */
  async renew(manager: EntityManager, id: number, token: string, until: Date): Promise<boolean> {
    const result = await manager.update(
      WebhookDelivery,
      { id, status: WebhookDeliveryStatus.PROCESSING, lockToken: token },
      { lockedUntil: until },
    );
    return (result.affected ?? 0) > 0;
  }

  /**
   * Records the outcome of an attempt and releases the lease, only if this claim still holds it: a worker
   * that lost its lease (stalled past it) must not overwrite what its successor records.
   */
  async finish(
    manager: EntityManager,
    id: number,
    token: string,
    changes: Pick<WebhookDelivery, 'status' | 'nextAttemptAt' | 'lastError' | 'processedAt'>,
  ): Promise<boolean> {
    const result = await manager.update(
      WebhookDelivery,
      { id, status: WebhookDeliveryStatus.PROCESSING, lockToken: token },
      { ...changes, lockedUntil: null, lockToken: null, updatedAt: clock.now() },
    );
    return (result.affected ?? 0) > 0;
  }

  /** Back to PENDING for another run, unless a worker holds it right now. */
  async replay(manager: EntityManager, id: number): Promise<boolean> {
    const result = await manager
      .createQueryBuilder()
      .update(WebhookDelivery)
      .set({
        status: WebhookDeliveryStatus.PENDING,
        nextAttemptAt: null,
        replays: () => 'replays + 1',
        updatedAt: clock.now(),
      })
      .where('id = :id AND status <> :processing', { id, processing: WebhookDeliveryStatus.PROCESSING })
      .execute();
    return (result.affected ?? 0) > 0;
  }

  page(manager: EntityManager, criteria: DeliveryCriteria, beforeId: number | null, limit: number) {
    const query = manager.createQueryBuilder(WebhookDelivery, 'd').orderBy('d.id', 'DESC').limit(limit);
    if (criteria.plugin) query.andWhere('d.plugin = :plugin', { plugin: criteria.plugin });
    if (criteria.status) query.andWhere('d.status = :status', { status: criteria.status });
    if (beforeId !== null) query.andWhere('d.id < :beforeId', { beforeId });
    return query.getMany();
  }

  async countByStatus(manager: EntityManager, plugin: string): Promise<Record<string, number>> {
    const rows = await manager
      .createQueryBuilder(WebhookDelivery, 'd')
      .select('d.status', 'status')
      .addSelect('COUNT(*)', 'count')
      .where('d.plugin = :plugin', { plugin })
      .groupBy('d.status')
      .getRawMany<{ status: string; count: string | number }>();
    return Object.fromEntries(rows.map((row) => [row.status, Number(row.count)]));
  }

  /** For the queue depth gauge: deliveries not done with, per plugin and status (the status index serves it). */
  async queueDepth(manager: EntityManager): Promise<{ plugin: string; status: string; count: number }[]> {
    const rows = await manager
      .createQueryBuilder(WebhookDelivery, 'd')
      .select('d.plugin', 'plugin')
      .addSelect('d.status', 'status')
      .addSelect('COUNT(*)', 'count')
      .where('d.status IN (:...waiting)', {
        waiting: [
          WebhookDeliveryStatus.PENDING,
          WebhookDeliveryStatus.PROCESSING,
          WebhookDeliveryStatus.FAILED,
        ],
      })
      .groupBy('d.plugin')
      .addGroupBy('d.status')
      .getRawMany<{ plugin: string; status: string; count: string | number }>();
    return rows.map((row) => ({
      plugin: row.plugin,
      status: row.status.toLowerCase(),
      count: Number(row.count),
    }));
  }

  async deleteOf(manager: EntityManager, plugin: string): Promise<void> {
    await manager.delete(WebhookDelivery, { plugin });
  }
}
