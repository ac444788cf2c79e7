import type { EntityManager } from 'typeorm';
import { BadUserInputError, NotFoundError } from '../../common/errors';
import type { ActivityService } from '../activity';
import type { IdempotencyService } from '../idempotency';
import { simpleExplanation } from './explanation';
import type { PointsPolicy } from './points-policy.entity';
import type {
  AdjustPoints,
  EarnPoints,
  HoldPoints,
  MovementResult,
  PointsSource,
  ReverseEarning,
  ReverseOrderEarnings,
  SpendPoints,
} from './points-movements';
import { HoldStatus, LedgerEntryType, LotStatus } from './points.enums';
import type { AccountDelta, Balance, PointsRepository } from './points.repository';
import { expiryDate } from './points.rules';
import { clock } from '../../common/clock';
import { LedgerEntries } from './ledger-entries';
import { givenBackExplanation, LotAllocator } from './lot-allocator';
import { LotSettlement } from './lot-settlement';
import { assertPoints } from './movement-guards';
import { PointsHolds } from './points-holds';
import { PointsReversals } from './points-reversals';

/**
 * The only code that moves points. Every method runs inside the caller's transaction and keeps three
 * things in step: the append-only entries, the lots, and the cached account, which changes only by
 * conditional updates so that it can never go negative, even with many concurrent spends.
 * Each movement writes its activity event in the same transaction (published after commit).
 * This façade earns, spends, gives back and adjusts; holds (points-holds.ts), reversals
 * (points-reversals.ts), expiry and unlocking (lot-settlement.ts), the lot allocator (lot-allocator.ts)
 * and the entry writer (ledger-entries.ts) each live in a file of their own.
 */
export class PointsLedger {
  private readonly entries: LedgerEntries;
  private readonly lots: LotAllocator;
  private readonly settlement: LotSettlement;
  private readonly holds: PointsHolds;
  private readonly reversals: PointsReversals;

  constructor(
    private readonly repository: PointsRepository,
    private readonly idempotency: IdempotencyService,
    activity: ActivityService,
  ) {
    this.entries = new LedgerEntries(repository, activity);
    this.lots = new LotAllocator(repository);
    this.settlement = new LotSettlement(repository, this.entries);
    this.holds = new PointsHolds(repository, idempotency, this.entries, this.lots, this.settlement);
    this.reversals = new PointsReversals(repository, idempotency, this.entries, this.lots, this.settlement);
  }

  /** The programme's points policy (expiry, pending days, spend order...), read in the caller's transaction. */
  policy(manager: EntityManager): Promise<PointsPolicy> {
    return this.repository.policy(manager);
  }

  /** What the member has at `now`: points past their expiry are left out even before the job runs. */
  async balanceOf(manager: EntityManager, memberId: number, now = clock.now()): Promise<Balance> {
    return (await this.repository.balancesAt(manager, [memberId], now)).get(memberId)!;
  }

  balancesOf(
    manager: EntityManager,
    memberIds: readonly number[],
    now = clock.now(),
  ): Promise<Map<number, Balance>> {
    return this.repository.balancesAt(manager, memberIds, now);
  }

  earn(manager: EntityManager, input: EarnPoints): Promise<MovementResult> {
    assertPoints(input.points);
    return this.idempotency.within(manager, {
      scope: 'points.earn',
      key: input.idempotencyKey,
      input: { ...input, explanation: undefined },
      work: async () => {
        const now = clock.now();
        const at = input.at ?? now;
        const policy = await this.repository.policy(manager);
        const balance = await this.lockAccountForEarning(manager, input.memberId, now);
        const explanation = input.explanation ?? simpleExplanation(`${input.points} points: ${input.reason}`);
        // Under CARRY_AS_DEBT, new earnings first pay off what an earlier refund could not take back.
        const debtPaid = Math.min(balance.debt, input.points);
        if (debtPaid > 0)
          explanation.steps.push(`${debtPaid} of these points paid off an earlier refund's debt`);
        const lotPoints = input.points - debtPaid;
        const pending =
          input.pendingUntil !== undefined && input.pendingUntil !== null && input.pendingUntil > now;
        const delta: AccountDelta = pending ? { pending: lotPoints } : { available: lotPoints };
        // The row is locked (MySQL) or ours alone (SQLite): one update that cannot fail, and the
        // balance after it is known without reading it again.
        if (!(await this.repository.applyDelta(manager, input.memberId, { ...delta, debt: -debtPaid }))) {
          throw new Error(`The points account of member ${input.memberId} changed under its lock`);
        }
        const entryId = await this.entries.record(manager, {
          memberId: input.memberId,
          type: LedgerEntryType.EARN,
          delta: {},
          alreadyApplied: delta,
          balanceAfter: {
            available: balance.available + (delta.available ?? 0),
            pending: balance.pending + (delta.pending ?? 0),
            held: balance.held,
            debt: balance.debt - debtPaid,
          },
          source: input.source,
          reason: input.reason,
          explanation,
          idempotencyKey: input.idempotencyKey,
          orderId: input.orderId,
          ruleId: input.ruleId,
          uncollected: 0,
          at,
          pointsOverride: input.points,
        });
        if (lotPoints > 0) {
          await this.repository.insertLot(manager, {
            memberId: input.memberId,
            entryId,
            orderId: input.orderId ?? null,
            points: lotPoints,
            remaining: lotPoints,
            status: pending ? LotStatus.PENDING : LotStatus.ACTIVE,
            earnedAt: at,
            expiresAt: input.expiresAt !== undefined ? input.expiresAt : expiryDate(policy, at),
            pendingUntil: pending ? input.pendingUntil! : null,
          });
        }
        return { entryId, points: input.points };
      },
    });
  }

  /**
   * Locks the member's account for an earning, creating it on first use, after expiring overdue lots
   * (as every movement does first): one statement when the account exists and nothing is overdue.
   */
  private async lockAccountForEarning(manager: EntityManager, memberId: number, now: Date): Promise<Balance> {
    let locked = await this.repository.lockAccount(manager, memberId, now);
    if (!locked) {
      await this.repository.ensureAccount(manager, memberId);
      locked = (await this.repository.lockAccount(manager, memberId, now))!;
    }
    if (!locked.overdue) return locked.balance;
    await this.settlement.expireDue(manager, memberId, now);
    return (await this.repository.lockAccount(manager, memberId, now))!.balance;
  }

  spend(manager: EntityManager, input: SpendPoints): Promise<MovementResult> {
    assertPoints(input.points);
    return this.idempotency.within(manager, {
      scope: 'points.spend',
      key: input.idempotencyKey,
      input: { ...input, explanation: undefined },
      work: async () => {
        await this.settlement.expireDue(manager, input.memberId, clock.now());
        await this.entries.take(manager, input.memberId, { available: -input.points }, input.points);
        const allocations = await this.lots.consumeLots(manager, input.memberId, input.points);
        const entryId = await this.entries.record(manager, {
          memberId: input.memberId,
          type: LedgerEntryType.SPEND,
          delta: {},
          alreadyApplied: { available: -input.points },
          source: input.source,
          reason: input.reason,
          explanation:
            input.explanation ?? simpleExplanation(`Spent ${input.points} points: ${input.reason}`),
          idempotencyKey: input.idempotencyKey,
        });
        await this.repository.insertAllocations(
          manager,
          allocations.map((a) => ({ entryId, lotId: a.lotId, points: a.points })),
        );
        return { entryId, points: input.points };
      },
    });
  }

  /** Gives the points of a SPEND back to the lots they came from (a cancelled redemption). Once per spend. */
  async returnSpend(
    manager: EntityManager,
    input: { entryId: number; reason: string; source: PointsSource },
  ): Promise<MovementResult> {
    const spend = await this.repository.findEntry(manager, input.entryId);
    if (!spend || spend.type !== LedgerEntryType.SPEND) throw new NotFoundError('Spend entry', input.entryId);
    await this.settlement.expireDue(manager, spend.memberId, clock.now());
    const points = -spend.points;
    const back = await this.lots.giveBack(manager, spend.memberId, { entryId: spend.id }, points);
    await this.repository.applyDelta(manager, spend.memberId, { available: back.net });
    const entryId = await this.entries.record(manager, {
      memberId: spend.memberId,
      type: LedgerEntryType.REVERSE,
      delta: {},
      alreadyApplied: { available: back.net },
      source: input.source,
      reason: input.reason,
      explanation: givenBackExplanation(`from spend #${spend.id}: ${input.reason}`, points, back, {
        spendEntryId: spend.id,
      }),
      reversesEntryId: spend.id,
    });
    await this.lots.saveDebtAllocations(manager, entryId, back);
    return { entryId, points: back.net };
  }

  /** A staff correction: positive adds a lot (policy expiry), negative takes like a spend. */
  adjust(manager: EntityManager, input: AdjustPoints): Promise<MovementResult> {
    if (!Number.isSafeInteger(input.points) || input.points === 0) {
      throw BadUserInputError.field('points', 'points must be a non-zero whole number');
    }
    assertPoints(Math.abs(input.points));
    return this.idempotency.within(manager, {
      scope: 'points.adjust',
      key: input.idempotencyKey,
      input,
      work: async () => {
        const now = clock.now();
        const explanation = simpleExplanation(`Adjusted by ${input.points} points: ${input.reason}`, {
          staffUserId: input.source.staffUserId ?? null,
        });
        await this.settlement.expireDue(manager, input.memberId, now);
        if (input.points > 0) {
          const policy = await this.repository.policy(manager);
          await this.repository.ensureAccount(manager, input.memberId);
          const entryId = await this.entries.record(manager, {
            memberId: input.memberId,
            type: LedgerEntryType.ADJUST,
            delta: { available: input.points },
            source: input.source,
            reason: input.reason,
            explanation,
            idempotencyKey: input.idempotencyKey,
          });
          await this.repository.insertLot(manager, {
            memberId: input.memberId,
            entryId,
            points: input.points,
            remaining: input.points,
            status: LotStatus.ACTIVE,
            earnedAt: now,
            expiresAt: expiryDate(policy, now),
          });
          return { entryId, points: input.points };
        }
        const points = -input.points;
        await this.entries.take(manager, input.memberId, { available: -points }, points);
        const allocations = await this.lots.consumeLots(manager, input.memberId, points);
        const entryId = await this.entries.record(manager, {
          memberId: input.memberId,
          type: LedgerEntryType.ADJUST,
          delta: {},
          alreadyApplied: { available: -points },
          source: input.source,
          reason: input.reason,
          explanation,
          idempotencyKey: input.idempotencyKey,
        });
        await this.repository.insertAllocations(
          manager,
          allocations.map((a) => ({ entryId, lotId: a.lotId, points: a.points })),
        );
        return { entryId, points: input.points };
      },
    });
  }

  /** Sets points aside (a checkout, a points payment): see PointsHolds. */
  hold(manager: EntityManager, input: HoldPoints): Promise<MovementResult & { holdId: number }> {
    return this.holds.hold(manager, input);
  }

  captureHold(manager: EntityManager, holdId: number, source: PointsSource): Promise<MovementResult> {
    return this.holds.captureHold(manager, holdId, source);
  }

  releaseHold(
    manager: EntityManager,
    holdId: number,
    reason: string,
    status: HoldStatus.RELEASED | HoldStatus.EXPIRED = HoldStatus.RELEASED,
  ): Promise<MovementResult> {
    return this.holds.releaseHold(manager, holdId, reason, status);
  }

  refundCapturedHold(
    manager: EntityManager,
    holdId: number,
    points: number,
    reason: string,
    source: PointsSource,
  ): Promise<MovementResult> {
    return this.holds.refundCapturedHold(manager, holdId, points, reason, source);
  }

  /** Takes back a refunded order's share of what it earned: see PointsReversals. */
  reverseOrderEarnings(manager: EntityManager, input: ReverseOrderEarnings): Promise<MovementResult> {
    return this.reversals.reverseOrderEarnings(manager, input);
  }

  reverseEarning(manager: EntityManager, input: ReverseEarning): Promise<MovementResult> {
    return this.reversals.reverseEarning(manager, input);
  }

  /** Expires a member's overdue lots (every movement does this first): see LotSettlement. */
  expireDue(manager: EntityManager, memberId: number, now: Date): Promise<number> {
    return this.settlement.expireDue(manager, memberId, now);
  }

  unlockDue(manager: EntityManager, memberId: number, now: Date): Promise<number> {
    return this.settlement.unlockDue(manager, memberId, now);
  }
}

export { MAX_POINTS_PER_MOVEMENT } from './movement-guards';
