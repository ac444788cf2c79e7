import type { EntityManager } from 'typeorm';
import { clock } from '../../common/clock';
import { OutboundWebhookCursor } from './outbound-webhook-cursor.entity';
import {
  OutboundWebhookDelivery,
  OutboundWebhookDeliveryStatus as S,
} from './outbound-webhook-delivery.entity';
import { OutboundWebhookEndpoint, OutboundWebhookEndpointStatus } from './outbound-webhook-endpoint.entity';

const FAN_OUT = 'fan-out';
/** What a delivery keeps in place of its body once cleared (erasure, retention); the column is NOT NULL. */
export const CLEARED_BODY = '';
export type DeliveryOutcome = Pick<
  OutboundWebhookDelivery,
  'status' | 'nextAttemptAt' | 'lastStatusCode' | 'lastError' | 'lastResponseBody' | 'deliveredAt'
>;

/** Every statement on the outbound webhook tables. */
export class OutboundWebhooksRepository {
  endpoints(manager: EntityManager): Promise<OutboundWebhookEndpoint[]> {
    return manager.find(OutboundWebhookEndpoint, { order: { id: 'ASC' } });
  }

  endpoint(manager: EntityManager, id: number): Promise<OutboundWebhookEndpoint | null> {
    return manager.findOneBy(OutboundWebhookEndpoint, { id });
  }

  async insertEndpoint(manager: EntityManager, row: Omit<OutboundWebhookEndpoint, 'id'>): Promise<number> {
    const result = await manager.insert(OutboundWebhookEndpoint, row);
    return Number(result.identifiers[0].id);
  }

  async updateEndpoint(manager: EntityManager, id: number, changes: Partial<OutboundWebhookEndpoint>) {
    await manager.update(OutboundWebhookEndpoint, { id }, { ...changes, updatedAt: clock.now() });
  }

  async deleteEndpoint(manager: EntityManager, id: number): Promise<void> {
    await manager.delete(OutboundWebhookDelivery, { endpointId: id });
    await manager.delete(OutboundWebhookEndpoint, { id });
  }

  /** A failed attempt: counts it, and pauses the endpoint when the count reaches `pauseAfter`. */
  async recordFailure(
    manager: EntityManager,
    id: number,
    pauseAfter: number,
    reason: string,
  ): Promise<boolean> {
    await manager
      .createQueryBuilder()
      .update(OutboundWebhookEndpoint)
      .set({ consecutiveFailures: () => 'consecutiveFailures + 1', updatedAt: clock.now() })
      .where('id = :id', { id })
      .execute();
    const paused = await manager
      .createQueryBuilder()
      .update(OutboundWebhookEndpoint)
      .set({
        status: OutboundWebhookEndpointStatus.PAUSED,
        pausedReason: reason.slice(0, 500),
        pausedAt: clock.now(),
      })
      .where('id = :id AND status = :active AND consecutiveFailures >= :pauseAfter', {
        id,
        active: OutboundWebhookEndpointStatus.ACTIVE,
        pauseAfter,
      })
      .execute();
    return (paused.affected ?? 0) > 0;
  }

  async recordSuccess(manager: EntityManager, id: number): Promise<void> {
    await manager.update(OutboundWebhookEndpoint, { id }, { consecutiveFailures: 0 });
  }

  async cursor(manager: EntityManager): Promise<number | null> {
    const row = await manager.findOneBy(OutboundWebhookCursor, { name: FAN_OUT });
    return row ? Number(row.lastEventId) : null;
  }

  /**
   * What activity retention must keep for the fan-out: nothing while no endpoint exists (an endpoint
   * never receives events from before it was created), else every event after the cursor.
   */
  async retentionHold(manager: EntityManager): Promise<number | null> {
    if ((await manager.count(OutboundWebhookEndpoint)) === 0) return null;
    return this.cursor(manager);
  }

  /** The first instance to start the fan-out sets where it begins; a twin's insert fails on the key. */
  async startCursor(manager: EntityManager, at: number): Promise<void> {
    await manager.insert(OutboundWebhookCursor, { name: FAN_OUT, lastEventId: at, updatedAt: clock.now() });
  }

  /** Moves the cursor only from where this instance read it: false when another instance moved it first. */
  async moveCursor(manager: EntityManager, from: number, to: number): Promise<boolean> {
    const result = await manager.update(
      OutboundWebhookCursor,
      { name: FAN_OUT, lastEventId: from },
      { lastEventId: to, updatedAt: clock.now() },
    );
    return (result.affected ?? 0) > 0;
  }

  async insertDeliveries(manager: EntityManager, rows: Omit<OutboundWebhookDelivery, 'id'>[]): Promise<void> {
    if (rows.length > 0) await manager.insert(OutboundWebhookDelivery, rows);
  }

  delivery(manager: EntityManager, id: number): Promise<OutboundWebhookDelivery | null> {
    return manager.findOneBy(OutboundWebhookDelivery, { id });
  }

  /**
   * Due deliveries of active endpoints: pending and due, or sending with a lapsed lease. A member's
   * delivery waits while an earlier event of the same member to the same endpoint is still pending or
   * being sent, so a partner sees each member's events in order.
   */
  async due(manager: EntityManager, now: Date, limit: number): Promise<number[]> {
    const rows = await manager
      .createQueryBuilder(OutboundWebhookDelivery, 'd')
      .select('d.id', 'id')
      .innerJoin(OutboundWebhookEndpoint, 'e', 'e.id = d.endpointId AND e.status = :active', {
        active: OutboundWebhookEndpointStatus.ACTIVE,
      })
      .where(
        '((d.status = :pending AND d.nextAttemptAt <= :now) OR (d.status = :sending AND d.lockedUntil < :now))',
        { pending: S.PENDING, sending: S.SENDING, now },
      )
      .andWhere(
        'NOT EXISTS (SELECT 1 FROM outbound_webhook_delivery p WHERE p.endpointId = d.endpointId AND p.memberId = d.memberId AND p.eventId < d.eventId AND p.status IN (:...open))',
        { open: [S.PENDING, S.SENDING] },
      )
      .orderBy('d.id', 'ASC')
      .limit(limit)
      .getRawMany<{ id: number }>();
    return rows.map((row) => Number(row.id));
  }

  /** Takes a delivery for one attempt by a conditional update, with a lease named by `token`. */
  async claim(
    manager: EntityManager,
    id: number,
    now: Date,
    leaseMs: number,
    token: string,
  ): Promise<boolean> {
    const result = await manager
      .createQueryBuilder()
      .update(OutboundWebhookDelivery)
      .set({
        status: S.SENDING,
        attempts: () => 'attempts + 1',
        lockedUntil: new Date(now.getTime() + leaseMs),
        lockToken: token,
        updatedAt: now,
      })
      .where(
        'id = :id AND ((status = :pending AND nextAttemptAt <= :now) OR (status = :sending AND lockedUntil < :now))',
        { id, pending: S.PENDING, sending: S.SENDING, now },
      )
      .execute();
    return (result.affected ?? 0) > 0;
  }

  async renew(manager: EntityManager, id: number, token: string, until: Date): Promise<void> {
    await manager.update(
      OutboundWebhookDelivery,
      { id, status: S.SENDING, lockToken: token },
      { lockedUntil: until },
    );
  }

  /** Records an attempt's outcome only while this claim still holds the lease. */
  async finish(
    manager: EntityManager,
    id: number,
    token: string,
    outcome: DeliveryOutcome,
  ): Promise<boolean> {
    const result = await manager.update(
      OutboundWebhookDelivery,
      { id, status: S.SENDING, lockToken: token },
      { ...outcome, lockedUntil: null, lockToken: null, updatedAt: clock.now() },
    );
    return (result.affected ?? 0) > 0;
  }

  /** Back to PENDING, due now, with a fresh round of attempts; never one being sent right now. */
  async replay(
    manager: EntityManager,
    where: { id?: number; endpointId?: number; status?: string | null; from?: Date | null; to?: Date | null },
  ): Promise<number> {
    const query = manager
      .createQueryBuilder()
      .update(OutboundWebhookDelivery)
      .set({
        status: S.PENDING,
        attempts: 0,
        nextAttemptAt: clock.now(),
        replays: () => 'replays + 1',
        updatedAt: clock.now(),
      })
      .where('status NOT IN (:...fixed)', { fixed: [S.SENDING, S.CANCELLED] })
      .andWhere('body <> :cleared', { cleared: CLEARED_BODY });
    if (where.id !== undefined) query.andWhere('id = :id', { id: where.id });
    if (where.endpointId !== undefined)
      query.andWhere('endpointId = :endpointId', { endpointId: where.endpointId });
    if (where.status) query.andWhere('status = :status', { status: where.status });
    if (where.from) query.andWhere('createdAt >= :from', { from: where.from });
    if (where.to) query.andWhere('createdAt < :to', { to: where.to });
    return (await query.execute()).affected ?? 0;
  }

  /** A resumed endpoint's waiting deliveries are due at once. */
  async dueNow(manager: EntityManager, endpointId: number): Promise<void> {
    await manager.update(
      OutboundWebhookDelivery,
      { endpointId, status: S.PENDING },
      { nextAttemptAt: clock.now() },
    );
  }

  page(
    manager: EntityManager,
    criteria: { endpointId?: number; status?: string | null },
    beforeId: number | null,
    limit: number,
  ): Promise<OutboundWebhookDelivery[]> {
    const query = manager
      .createQueryBuilder(OutboundWebhookDelivery, 'd')
      .orderBy('d.id', 'DESC')
      .limit(limit);
    if (criteria.endpointId !== undefined) query.andWhere('d.endpointId = :e', { e: criteria.endpointId });
    if (criteria.status) query.andWhere('d.status = :s', { s: criteria.status });
    if (beforeId !== null) query.andWhere('d.id < :beforeId', { beforeId });
    return query.getMany();
  }

  /** Erasure: the member's bodies cleared; what was not sent yet is cancelled (one in flight is cancelled by the worker). */
  async eraseMember(manager: EntityManager, memberId: number): Promise<void> {
    await manager
      .createQueryBuilder()
      .update(OutboundWebhookDelivery)
      .set({ status: S.CANCELLED, lastError: 'not sent: the member was erased', updatedAt: clock.now() })
      .where('memberId = :memberId AND status IN (:...unsent)', {
        memberId,
        unsent: [S.PENDING, S.FAILED],
      })
      .execute();
    await manager
      .createQueryBuilder()
      .update(OutboundWebhookDelivery)
      .set({ body: CLEARED_BODY, lastResponseBody: null })
      .where('memberId = :memberId', { memberId })
      .execute();
  }

  /** Export: what was sent (or queued) about the member, without the bodies (copies of activity events). */
  ofMember(manager: EntityManager, memberId: number): Promise<OutboundWebhookDelivery[]> {
    return manager.find(OutboundWebhookDelivery, {
      where: { memberId },
      order: { id: 'ASC' },
      select: {
        id: true,
        endpointId: true,
        eventId: true,
        eventType: true,
        status: true,
        attempts: true,
        createdAt: true,
        deliveredAt: true,
      },
    });
  }

  async moveMember(manager: EntityManager, from: number, to: number): Promise<void> {
    await manager.update(OutboundWebhookDelivery, { memberId: from }, { memberId: to });
  }

  /**
   * Retention, one primary-key range: clears the bodies of deliveries DELIVERED before `deliveredBefore`
   * and of FAILED ones queued before `failedBefore`; PENDING and SENDING ones are never touched.
   */
  async clearBodies(
    manager: EntityManager,
    range: { from: number; to: number },
    deliveredBefore: Date,
    failedBefore: Date,
  ): Promise<number> {
    const result = await manager
      .createQueryBuilder()
      .update(OutboundWebhookDelivery)
      .set({ body: CLEARED_BODY })
      .where('id BETWEEN :from AND :to', range)
      .andWhere('body <> :cleared', { cleared: CLEARED_BODY })
      .andWhere(
        '((status = :delivered AND deliveredAt < :deliveredBefore) OR (status = :failed AND createdAt < :failedBefore))',
        { delivered: S.DELIVERED, deliveredBefore, failed: S.FAILED, failedBefore },
      )
      .execute();
    return result.affected ?? 0;
  }

  async waiting(manager: EntityManager): Promise<number> {
    return manager
      .createQueryBuilder(OutboundWebhookDelivery, 'd')
      .where('d.status IN (:...open)', { open: [S.PENDING, S.SENDING] })
      .getCount();
  }
}
