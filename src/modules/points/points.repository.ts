import { In, type EntityManager } from 'typeorm';
import type { Database } from '../../data/database';
import { firstRowsPerParent } from '../../graphql/first-page-loader';
import { EarningReversal } from './earning-reversal.entity';
import { LedgerEntry } from './ledger-entry.entity';
import { LotAllocation } from './lot-allocation.entity';
import { PointsAccount } from './points-account.entity';
import { PointsHold } from './points-hold.entity';
import { PointsLot } from './points-lot.entity';
import { PointsPolicy } from './points-policy.entity';
import { HoldStatus, LedgerEntryType, LotStatus } from './points.enums';
import { clock } from '../../common/clock';
import { ConfigCache } from '../../common/config-cache';
import { insertRow } from '../../data/insert-row';

export interface AccountDelta {
  available?: number;
  pending?: number;
  held?: number;
  debt?: number;
}

export interface Balance {
  available: number;
  pending: number;
  held: number;
  debt: number;
}

const ZERO: Balance = { available: 0, pending: 0, held: 0, debt: 0 };

/** Every ledger column but `explanationJson`, for pages that do not show explanations. */
const LEDGER_COLUMNS_WITHOUT_EXPLANATION: (keyof LedgerEntry)[] = [
  'id',
  'memberId',
  'type',
  'points',
  'availableDelta',
  'pendingDelta',
  'heldDelta',
  'availableAfter',
  'uncollected',
  'sourceKind',
  'sourceChannel',
  'sourcePlugin',
  'sourceStaffUserId',
  'sourceReference',
  'storeId',
  'reason',
  'idempotencyKey',
  'orderId',
  'holdId',
  'ruleId',
  'reversesEntryId',
  'createdAt',
];

/** Every query of the points context. Methods take the manager so they run in the caller's transaction. */
export class PointsRepository {
  private readonly policyCache = new ConfigCache<PointsPolicy>();

  constructor(private readonly db: Database) {}

  /** The points policy, cached a few seconds: every movement reads it, admins rarely change it. */
  policy(manager: EntityManager): Promise<PointsPolicy> {
    return this.policyCache.get(() => manager.findOneOrFail(PointsPolicy, { where: { id: 1 } }));
  }

  async updatePolicy(manager: EntityManager, values: Partial<PointsPolicy>): Promise<void> {
    this.policyCache.invalidate();
    await manager.update(PointsPolicy, { id: 1 }, { ...values, updatedAt: clock.now() });
  }

  async ensureAccount(manager: EntityManager, memberId: number): Promise<void> {
    await manager
      .createQueryBuilder()
      .insert()
      .into(PointsAccount)
      .values({ memberId, available: 0, pending: 0, held: 0, debt: 0, updatedAt: clock.now() })
      .orIgnore()
      .updateEntity(false)
      .execute();
  }

  /**
   * Applies signed deltas to an account in one statement, and only if no column would go negative:
   * `SET available = available + :d ... WHERE available + :d >= 0 AND ...`. Returns false (nothing
   * changed) when the account lacks the points. On MySQL the row stays locked until commit, which
   * serialises concurrent movements of one member.
   */
  async applyDelta(manager: EntityManager, memberId: number, delta: AccountDelta): Promise<boolean> {
    const sets: Record<string, () => string> = { updatedAt: () => ':now' };
    const conditions = ['memberId = :memberId'];
    const params: Record<string, unknown> = { memberId, now: clock.now() };
    for (const column of ['available', 'pending', 'held', 'debt'] as const) {
      const value = delta[column] ?? 0;
      if (value === 0) continue;
      params[column] = value;
      sets[column] = () => `${column} + :${column}`;
      if (value < 0) conditions.push(`${column} + :${column} >= 0`);
    }
    const result = await manager
      .createQueryBuilder()
      .update(PointsAccount)
      .set(sets as never)
      .where(conditions.join(' AND '), params)
      .execute();
    return result.affected === 1;
  }

  /**
   * The account row, for the ledger's own arithmetic: it still counts lots past their expiry until
   * they are expired (by the job, or before a spend). What members and front ends read is `balancesAt`.
   * `latest` reads the latest committed row (a locking read on MySQL) rather than the transaction's snapshot.
   */
  async balanceOf(manager: EntityManager, memberId: number, latest = false): Promise<Balance> {
    const query = manager
      .createQueryBuilder(PointsAccount, 'a')
      .where('a.memberId = :memberId', { memberId });
    const account = await (latest ? this.db.forUpdate(query) : query).getOne();
    return account ? toBalance(account) : { ...ZERO };
  }

  /**
   * Balances as members and front ends read them at `now`: the points of lots already past their
   * expiry are not available, whether or not the hourly job has expired them yet (it then takes them
   * out of the account with an EXPIRE entry, and this subtracts nothing more). One statement for any
   * number of members, as before: the overdue sum is a subquery on the member's lots.
   */
  async balancesAt(
    manager: EntityManager,
    memberIds: readonly number[],
    now: Date,
  ): Promise<Map<number, Balance>> {
    const rows = memberIds.length
      ? await manager
          .createQueryBuilder(PointsAccount, 'a')
          .select('a.memberId', 'memberId')
          .addSelect('a.available', 'available')
          .addSelect('a.pending', 'pending')
          .addSelect('a.held', 'held')
          .addSelect('a.debt', 'debt')
          .addSelect(
            (lots) =>
              lots
                .select('COALESCE(SUM(lot.remaining), 0)')
                .from(PointsLot, 'lot')
                .where(
                  'lot.memberId = a.memberId AND lot.status = :active AND lot.remaining > 0 AND lot.expiresAt <= :now',
                ),
            'overdue',
          )
          .where('a.memberId IN (:...memberIds)', { memberIds: [...memberIds] })
          .setParameters({ active: LotStatus.ACTIVE, now })
          .getRawMany<Record<'memberId' | keyof Balance | 'overdue', string | number>>()
      : [];
    const byId = new Map(
      rows.map((row) => [
        Number(row.memberId),
        {
          available: Math.max(0, Number(row.available) - Number(row.overdue)),
          pending: Number(row.pending),
          held: Number(row.held),
          debt: Number(row.debt),
        },
      ]),
    );
    return new Map(memberIds.map((id) => [id, byId.get(id) ?? { ...ZERO }]));
  }

  async insertEntry(manager: EntityManager, values: Partial<LedgerEntry>): Promise<number> {
    return insertRow(manager, LedgerEntry, values);
  }

  findEntry(manager: EntityManager, id: number): Promise<LedgerEntry | null> {
    return manager.findOne(LedgerEntry, { where: { id } });
  }

  findEntries(manager: EntityManager, ids: readonly number[]): Promise<LedgerEntry[]> {
    return ids.length ? manager.find(LedgerEntry, { where: { id: In([...ids]) } }) : Promise.resolve([]);
  }

  async insertLot(manager: EntityManager, values: Partial<PointsLot>): Promise<number> {
    return insertRow(manager, PointsLot, values);
  }

  /**
   * The account row locked for a movement (on MySQL; SQLite runs one transaction at a time), with
   * whether any active lot is already past its expiry, in one statement: an earning then needs no
   * separate probe for overdue lots nor a re-read after its update. Null when the member has no account.
   */
  async lockAccount(
    manager: EntityManager,
    memberId: number,
    now: Date,
  ): Promise<{ balance: Balance; overdue: boolean } | null> {
    const query = manager
      .createQueryBuilder(PointsAccount, 'a')
      .select(['a.available AS available', 'a.pending AS pending', 'a.held AS held', 'a.debt AS debt'])
      .addSelect(
        (sub) =>
          sub
            .select('1')
            .from(PointsLot, 'lot')
            .where(
              'lot.memberId = a.memberId AND lot.status = :active AND lot.expiresAt IS NOT NULL AND lot.expiresAt <= :now AND lot.remaining > 0',
            )
            .limit(1),
        'overdue',
      )
      .where('a.memberId = :memberId', { memberId, active: LotStatus.ACTIVE, now });
    const row = await this.db
      .forUpdate(query)
      .getRawOne<{ available: number; pending: number; held: number; debt: number; overdue: unknown }>();
    if (!row) return null;
    return {
      balance: {
        available: Number(row.available),
        pending: Number(row.pending),
        held: Number(row.held),
        debt: Number(row.debt),
      },
      overdue: row.overdue !== null && row.overdue !== undefined,
    };
  }

  /** The member's lots that still hold points in a status, locked on MySQL for the consuming update. */
  lotsWithPoints(manager: EntityManager, memberId: number, statuses: LotStatus[]): Promise<PointsLot[]> {
    return this.db
      .forUpdate(
        manager
          .createQueryBuilder(PointsLot, 'lot')
          .where('lot.memberId = :memberId AND lot.status IN (:...statuses) AND lot.remaining > 0', {
            memberId,
            statuses,
          })
          .orderBy('lot.id', 'ASC'),
      )
      .getMany();
  }

  /**
   * A member's EARN entry by the idempotency key it was recorded under, locked on MySQL: reversals of
   * one earning then take turns, and each reads what the ones before it took back.
   */
  findEarning(manager: EntityManager, memberId: number, idempotencyKey: string): Promise<LedgerEntry | null> {
    return this.db
      .forUpdate(
        manager
          .createQueryBuilder(LedgerEntry, 'e')
          .where('e.memberId = :memberId AND e.idempotencyKey = :idempotencyKey AND e.type = :earn', {
            memberId,
            idempotencyKey,
            earn: LedgerEntryType.EARN,
          }),
      )
      .getOne();
  }

  /** What the reversals of one EARN entry have taken back so far. */
  async reversedOfEarning(manager: EntityManager, earnEntryId: number): Promise<number> {
    const row = await manager
      .createQueryBuilder(EarningReversal, 'r')
      .innerJoin(LedgerEntry, 'e', 'e.id = r.reverseEntryId')
      .select('COALESCE(SUM(-e.points), 0)', 'points')
      .where('r.earnEntryId = :earnEntryId', { earnEntryId })
      .getRawOne<{ points: string | number }>();
    return Number(row?.points ?? 0);
  }

  async linkReversal(manager: EntityManager, reverseEntryId: number, earnEntryId: number): Promise<void> {
    await manager.insert(EarningReversal, { reverseEntryId, earnEntryId });
  }

  /** The lots one EARN entry created that still hold points, locked on MySQL. */
  entryLots(manager: EntityManager, entryId: number): Promise<PointsLot[]> {
    return this.db
      .forUpdate(
        manager
          .createQueryBuilder(PointsLot, 'lot')
          .where('lot.entryId = :entryId AND lot.status IN (:...statuses) AND lot.remaining > 0', {
            entryId,
            statuses: [LotStatus.PENDING, LotStatus.ACTIVE],
          })
          .orderBy('lot.id', 'ASC'),
      )
      .getMany();
  }

  orderLots(manager: EntityManager, orderId: number): Promise<PointsLot[]> {
    return this.db
      .forUpdate(
        manager
          .createQueryBuilder(PointsLot, 'lot')
          .where('lot.orderId = :orderId AND lot.status IN (:...statuses) AND lot.remaining > 0', {
            orderId,
            statuses: [LotStatus.PENDING, LotStatus.ACTIVE],
          })
          .orderBy('lot.id', 'ASC'),
      )
      .getMany();
  }

  /** Changes a lot's remaining by a signed amount, only if it stays >= 0; false when it would not. */
  async changeLotRemaining(manager: EntityManager, lotId: number, delta: number): Promise<boolean> {
    const result = await manager
      .createQueryBuilder()
      .update(PointsLot)
      .set({ remaining: () => 'remaining + :delta' })
      .where('id = :lotId AND remaining + :delta >= 0', { lotId, delta })
      .execute();
    return result.affected === 1;
  }

  /** Every lot an order earned, whatever its state, locked on MySQL. */
  lotsOfOrder(manager: EntityManager, orderId: number): Promise<PointsLot[]> {
    return this.db
      .forUpdate(
        manager
          .createQueryBuilder(PointsLot, 'lot')
          .where('lot.orderId = :orderId', { orderId })
          .orderBy('lot.id', 'ASC'),
      )
      .getMany();
  }

  /** Changes what a lot owes to an earlier refund, only while it stays >= 0. */
  async changeLotOwed(manager: EntityManager, lotId: number, delta: number): Promise<boolean> {
    const result = await manager
      .createQueryBuilder()
      .update(PointsLot)
      .set({ owed: () => 'owed + :delta' })
      .where('id = :lotId AND owed + :delta >= 0', { lotId, delta })
      .execute();
    return result.affected === 1;
  }

  findLots(manager: EntityManager, ids: readonly number[]): Promise<PointsLot[]> {
    return ids.length ? manager.find(PointsLot, { where: { id: In([...ids]) } }) : Promise.resolve([]);
  }

  /** Moves a lot from one status to another, only if it is still in `from` with the remaining seen. */
  async transitionLot(
    manager: EntityManager,
    lot: PointsLot,
    from: LotStatus,
    values: Partial<PointsLot>,
  ): Promise<boolean> {
    const result = await manager
      .createQueryBuilder()
      .update(PointsLot)
      .set(values)
      .where('id = :id AND status = :from AND remaining = :remaining', {
        id: lot.id,
        from,
        remaining: lot.remaining,
      })
      .execute();
    return result.affected === 1;
  }

  async insertAllocations(manager: EntityManager, rows: Partial<LotAllocation>[]): Promise<void> {
    if (rows.length) await manager.insert(LotAllocation, rows);
  }

  allocationsOf(
    manager: EntityManager,
    where: { entryId?: number; holdId?: number },
  ): Promise<LotAllocation[]> {
    return manager.find(LotAllocation, { where, order: { id: 'ASC' } });
  }

  async markReturned(manager: EntityManager, allocationId: number, points: number): Promise<void> {
    await manager
      .createQueryBuilder()
      .update(LotAllocation)
      .set({ returned: () => 'returned + :points' })
      .where('id = :allocationId AND returned + :points <= points', { allocationId, points })
      .execute();
  }

  async insertHold(manager: EntityManager, values: Partial<PointsHold>): Promise<number> {
    const result = await manager.insert(PointsHold, values);
    return Number(result.identifiers[0].id);
  }

  findHold(manager: EntityManager, id: number): Promise<PointsHold | null> {
    return manager.findOne(PointsHold, { where: { id } });
  }

  findHoldByReference(
    manager: EntityManager,
    purpose: string,
    reference: string,
  ): Promise<PointsHold | null> {
    return manager.findOne(PointsHold, { where: { purpose, reference } });
  }

  /** The one way a hold changes state: only from HELD, so capture and release can each happen once. */
  async transitionHold(manager: EntityManager, id: number, to: HoldStatus): Promise<boolean> {
    const result = await manager
      .createQueryBuilder()
      .update(PointsHold)
      .set({ status: to, updatedAt: clock.now() })
      .where('id = :id AND status = :held', { id, held: HoldStatus.HELD })
      .execute();
    return result.affected === 1;
  }

  async addRefundedPoints(manager: EntityManager, holdId: number, points: number): Promise<boolean> {
    const result = await manager
      .createQueryBuilder()
      .update(PointsHold)
      .set({ refundedPoints: () => 'refundedPoints + :points', updatedAt: clock.now() })
      .where('id = :holdId AND status = :captured AND refundedPoints + :points <= points', {
        holdId,
        points,
        captured: HoldStatus.CAPTURED,
      })
      .execute();
    return result.affected === 1;
  }

  /** What an order's entries earned and what its reversals already took (collected or not). */
  async orderEarnings(
    manager: EntityManager,
    orderId: number,
  ): Promise<{ earned: number; reversed: number }> {
    const rows = await manager
      .createQueryBuilder(LedgerEntry, 'e')
      .select('e.type', 'type')
      .addSelect('SUM(e.points)', 'points')
      .addSelect('SUM(e.uncollected)', 'uncollected')
      .where('e.orderId = :orderId AND e.type IN (:...types)', {
        orderId,
        types: [LedgerEntryType.EARN, LedgerEntryType.REVERSE],
      })
      .groupBy('e.type')
      .getRawMany<{ type: string; points: string | number; uncollected: string | number }>();
    let earned = 0;
    let reversed = 0;
    for (const row of rows) {
      if (row.type === LedgerEntryType.EARN) earned += Number(row.points);
      else reversed += -Number(row.points) + Number(row.uncollected);
    }
    return { earned, reversed };
  }

  /** Qualifying points per member since a date: earned on orders and behaviours, net of reversals. */
  async qualifyingPointsSince(
    manager: EntityManager,
    memberIds: readonly number[],
    since: Date,
  ): Promise<Map<number, number>> {
    const result = new Map<number, number>(memberIds.map((id) => [id, 0]));
    if (!memberIds.length) return result;
    const rows = await manager
      .createQueryBuilder(LedgerEntry, 'e')
      .select('e.memberId', 'memberId')
      .addSelect('SUM(e.points)', 'points')
      .where('e.memberId IN (:...memberIds)', { memberIds, since })
      // Earned in the window on orders and behaviours, minus reversals of orders earned in the window
      // (a refund today of an order from before the window does not lower this window's figure).
      .andWhere(
        `((e.type = 'EARN' AND e.sourceKind IN ('ORDER', 'BEHAVIOUR') AND e.createdAt >= :since) OR
          (e.type = 'REVERSE' AND e.orderId IS NOT NULL AND EXISTS (SELECT 1 FROM ledger_entry earn
            WHERE earn.orderId = e.orderId AND earn.type = 'EARN' AND earn.createdAt >= :since)))`,
      )
      .groupBy('e.memberId')
      .getRawMany<{ memberId: string | number; points: string | number }>();
    for (const row of rows) result.set(Number(row.memberId), Math.max(0, Number(row.points)));
    return result;
  }

  /** Members with lots in `status` whose `column` date has passed, oldest first, for the jobs. */
  async membersWithDueLots(
    manager: EntityManager,
    status: LotStatus,
    column: 'expiresAt' | 'pendingUntil',
    now: Date,
    limit: number,
  ): Promise<number[]> {
    const rows = await manager
      .createQueryBuilder(PointsLot, 'lot')
      .select('DISTINCT lot.memberId', 'memberId')
      .where(
        `lot.status = :status AND lot.${column} IS NOT NULL AND lot.${column} <= :now AND lot.remaining > 0`,
        {
          status,
          now,
        },
      )
      .limit(limit)
      .getRawMany<{ memberId: string | number }>();
    return rows.map((row) => Number(row.memberId));
  }

  dueLotsOf(
    manager: EntityManager,
    memberId: number,
    status: LotStatus,
    column: 'expiresAt' | 'pendingUntil',
    now: Date,
  ): Promise<PointsLot[]> {
    return this.db
      .forUpdate(
        manager
          .createQueryBuilder(PointsLot, 'lot')
          .where(
            `lot.memberId = :memberId AND lot.status = :status AND lot.${column} IS NOT NULL AND lot.${column} <= :now AND lot.remaining > 0`,
            { memberId, status, now },
          )
          .orderBy('lot.id', 'ASC'),
      )
      .getMany();
  }

  /** Active lots expiring within the warning window that nobody has warned about yet. */
  lotsToWarn(manager: EntityManager, now: Date, until: Date, limit: number): Promise<PointsLot[]> {
    return manager
      .createQueryBuilder(PointsLot, 'lot')
      .where(
        'lot.status = :active AND lot.remaining > 0 AND lot.warnedAt IS NULL AND lot.expiresAt > :now AND lot.expiresAt <= :until',
        { active: LotStatus.ACTIVE, now, until },
      )
      .orderBy('lot.id', 'ASC')
      .limit(limit)
      .getMany();
  }

  async markWarned(manager: EntityManager, lotIds: number[], at: Date): Promise<void> {
    if (lotIds.length) await manager.update(PointsLot, { id: In(lotIds) }, { warnedAt: at });
  }

  expiredHolds(manager: EntityManager, now: Date, limit: number): Promise<PointsHold[]> {
    return manager
      .createQueryBuilder(PointsHold, 'hold')
      .where('hold.status = :held AND hold.expiresAt <= :now', { held: HoldStatus.HELD, now })
      .orderBy('hold.id', 'ASC')
      .limit(limit)
      .getMany();
  }

  /** Newest first: the cursor is the last id seen. */
  entriesPage(
    manager: EntityManager,
    memberId: number,
    filter: { types?: LedgerEntryType[] | null; orderId?: number | null },
    beforeId: number | null,
    limit: number,
  ): Promise<LedgerEntry[]> {
    const query = manager
      .createQueryBuilder(LedgerEntry, 'e')
      .where('e.memberId = :memberId', { memberId })
      .orderBy('e.id', 'DESC')
      .limit(limit);
    if (filter.types?.length) query.andWhere('e.type IN (:...types)', { types: filter.types });
    if (filter.orderId) query.andWhere('e.orderId = :orderId', { orderId: filter.orderId });
    if (beforeId !== null) query.andWhere('e.id < :beforeId', { beforeId });
    return query.getMany();
  }

  /** The newest `perMember` entries of each member, in one statement. */
  newestEntriesPerMember(
    manager: EntityManager,
    memberIds: readonly number[],
    perMember: number,
    withExplanation = true,
  ): Promise<LedgerEntry[]> {
    if (!memberIds.length) return Promise.resolve([]);
    const query = manager.createQueryBuilder(LedgerEntry, 'e');
    // The explanation is the row's one large column: a page that does not show it does not fetch it.
    if (!withExplanation) query.select(LEDGER_COLUMNS_WITHOUT_EXPLANATION.map((column) => `e.${column}`));
    return query
      .where(`e.id ${firstRowsPerParent('ledger_entry', 'memberId', 'id DESC')}`, {
        parentIds: memberIds,
        perParent: perMember,
      })
      .orderBy('e.id', 'DESC')
      .getMany();
  }

  /** The first `perMember` lots of each member (earning order), in one statement. */
  firstLotsPerMember(
    manager: EntityManager,
    memberIds: readonly number[],
    perMember: number,
  ): Promise<PointsLot[]> {
    if (!memberIds.length) return Promise.resolve([]);
    return manager
      .createQueryBuilder(PointsLot, 'lot')
      .where(`lot.id ${firstRowsPerParent('points_lot', 'memberId', 'id ASC')}`, {
        parentIds: memberIds,
        perParent: perMember,
      })
      .orderBy('lot.id', 'ASC')
      .getMany();
  }

  lotsPage(
    manager: EntityManager,
    memberId: number,
    statuses: LotStatus[] | null,
    afterId: number | null,
    limit: number,
  ): Promise<PointsLot[]> {
    const query = manager
      .createQueryBuilder(PointsLot, 'lot')
      .where('lot.memberId = :memberId', { memberId })
      .orderBy('lot.id', 'ASC')
      .limit(limit);
    if (statuses?.length) query.andWhere('lot.status IN (:...statuses)', { statuses });
    if (afterId !== null) query.andWhere('lot.id > :afterId', { afterId });
    return query.getMany();
  }

  /** Per member: the soonest date some active points expire, and how many expire then. */
  /** The soonest expiry still ahead at `now` (lots past theirs are no longer available: see balancesAt). */
  async nextExpiries(
    manager: EntityManager,
    memberIds: readonly number[],
    now: Date,
  ): Promise<Map<number, { points: number; expiresAt: Date }>> {
    const result = new Map<number, { points: number; expiresAt: Date }>();
    if (!memberIds.length) return result;
    const lots = await manager
      .createQueryBuilder(PointsLot, 'lot')
      .select(['lot.memberId', 'lot.remaining', 'lot.expiresAt'])
      .where('lot.memberId IN (:...memberIds) AND lot.status = :active AND lot.remaining > 0', {
        memberIds,
        active: LotStatus.ACTIVE,
      })
      .andWhere('lot.expiresAt > :now', { now })
      .getMany();
    for (const lot of lots) {
      const current = result.get(lot.memberId);
      const day = lot.expiresAt!.getTime();
      if (!current || day < current.expiresAt.getTime()) {
        result.set(lot.memberId, { points: lot.remaining, expiresAt: lot.expiresAt! });
      } else if (day === current.expiresAt.getTime()) current.points += lot.remaining;
    }
    return result;
  }

  holdsOf(manager: EntityManager, memberIds: readonly number[], status: HoldStatus): Promise<PointsHold[]> {
    return memberIds.length
      ? manager.find(PointsHold, { where: { memberId: In([...memberIds]), status }, order: { id: 'ASC' } })
      : Promise.resolve([]);
  }

  async moveMemberRows(manager: EntityManager, fromId: number, toId: number): Promise<void> {
    for (const entity of [LedgerEntry, PointsLot, PointsHold]) {
      await manager.update(entity, { memberId: fromId }, { memberId: toId });
    }
  }
}

function toBalance(account: PointsAccount): Balance {
  return { available: account.available, pending: account.pending, held: account.held, debt: account.debt };
}
