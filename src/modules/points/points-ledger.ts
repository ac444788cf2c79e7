import type { EntityManager } from 'typeorm';
import {
  AppError,
  BadUserInputError,
  ConflictError,
  InsufficientPointsError,
  NotFoundError,
} from '../../common/errors';
import type { ActivityService } from '../activity';
import type { PointsMovementEventType } from '../activity';
import type { IdempotencyService } from '../idempotency';
import { simpleExplanation, type PointsExplanation } from './explanation';
import type { PointsLot } from './points-lot.entity';
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
import {
  HoldStatus,
  LedgerEntryType,
  LotStatus,
  PointsSourceKind,
  ReversalShortfallPolicy,
  SpendOrder,
} from './points.enums';
import type { AccountDelta, Balance, PointsRepository } from './points.repository';
import { allocate, expiryDate, reversalDue, spendSequence, type Allocation } from './points.rules';
import { clock } from '../../common/clock';

const EVENT_OF: Record<LedgerEntryType, PointsMovementEventType> = {
  EARN: 'points.earned',
  SPEND: 'points.spent',
  EXPIRE: 'points.expired',
  REVERSE: 'points.reversed',
  ADJUST: 'points.adjusted',
  HOLD: 'points.held',
  RELEASE: 'points.hold-released',
  TRANSFER: 'points.transferred',
  UNLOCK: 'points.unlocked',
};

interface EntryDraft {
  memberId: number;
  type: LedgerEntryType;
  delta: AccountDelta;
  source: PointsSource;
  reason: string;
  explanation: PointsExplanation;
  idempotencyKey?: string | null;
  orderId?: number | null;
  holdId?: number | null;
  ruleId?: number | null;
  reversesEntryId?: number | null;
  uncollected?: number;
  at?: Date;
  /** Overrides the activity event type (a capture is a SPEND entry but a `points.hold-captured` event). */
  eventType?: PointsMovementEventType;
  /** Deltas the caller already applied to the account (to lock it before touching lots): recorded, not re-applied. */
  alreadyApplied?: AccountDelta;
  /** The account after the delta, when the caller holds its lock and knows it (saves a re-read). */
  balanceAfter?: Balance;
  /** The entry's headline points when they differ from the deltas (earnings that paid off a debt). */
  pointsOverride?: number;
}

/**
 * The only code that moves points. Every method runs inside the caller's transaction and keeps three
 * things in step: the append-only entries, the lots, and the cached account, which changes only by
 * conditional updates so that it can never go negative, even with many concurrent spends.
 * Each movement writes its activity event in the same transaction (published after commit).
 */
export class PointsLedger {
  constructor(
    private readonly repository: PointsRepository,
    private readonly idempotency: IdempotencyService,
    private readonly activity: ActivityService,
  ) {}

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
        const entryId = await this.record(manager, {
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
    await this.expireDue(manager, memberId, now);
    return (await this.repository.lockAccount(manager, memberId, now))!.balance;
  }

  spend(manager: EntityManager, input: SpendPoints): Promise<MovementResult> {
    assertPoints(input.points);
    return this.idempotency.within(manager, {
      scope: 'points.spend',
      key: input.idempotencyKey,
      input: { ...input, explanation: undefined },
      work: async () => {
        await this.expireDue(manager, input.memberId, clock.now());
        await this.take(manager, input.memberId, { available: -input.points }, input.points);
        const allocations = await this.consumeLots(manager, input.memberId, input.points);
        const entryId = await this.record(manager, {
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
    await this.expireDue(manager, spend.memberId, clock.now());
    const points = -spend.points;
    const back = await this.giveBack(manager, spend.memberId, { entryId: spend.id }, points);
    await this.repository.applyDelta(manager, spend.memberId, { available: back.net });
    const entryId = await this.record(manager, {
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
    await this.saveDebtAllocations(manager, entryId, back);
    return { entryId, points: back.net };
  }

  hold(manager: EntityManager, input: HoldPoints): Promise<MovementResult & { holdId: number }> {
    assertPoints(input.points);
    return this.idempotency.within(manager, {
      scope: 'points.hold',
      key: input.idempotencyKey,
      input,
      work: async () => {
        const now = clock.now();
        if (input.expiresAt <= now)
          throw BadUserInputError.field('expiresAt', 'A hold must expire in the future');
        const existing = await this.repository.findHoldByReference(manager, input.purpose, input.reference);
        if (existing) {
          throw new ConflictError(`A ${input.purpose} hold for ${input.reference} already exists`, {
            holdId: String(existing.id),
            status: existing.status,
          });
        }
        await this.expireDue(manager, input.memberId, now);
        await this.take(
          manager,
          input.memberId,
          { available: -input.points, held: input.points },
          input.points,
        );
        const allocations = await this.consumeLots(manager, input.memberId, input.points);
        const holdId = await this.repository.insertHold(manager, {
          memberId: input.memberId,
          points: input.points,
          status: HoldStatus.HELD,
          purpose: input.purpose,
          reference: input.reference,
          expiresAt: input.expiresAt,
          refundedPoints: 0,
          createdAt: now,
          updatedAt: now,
        });
        await this.repository.insertAllocations(
          manager,
          allocations.map((a) => ({ holdId, lotId: a.lotId, points: a.points })),
        );
        const entryId = await this.record(manager, {
          memberId: input.memberId,
          type: LedgerEntryType.HOLD,
          delta: {},
          alreadyApplied: { available: -input.points, held: input.points },
          source: input.source,
          reason: `Held for ${input.purpose} ${input.reference}`,
          explanation: simpleExplanation(
            `${input.points} points held for ${input.purpose} ${input.reference}`,
            {
              expiresAt: input.expiresAt.toISOString(),
            },
          ),
          idempotencyKey: input.idempotencyKey,
          holdId,
        });
        return { entryId, holdId, points: input.points };
      },
    });
  }

  /** Spends held points for good. Only a HELD, unexpired hold can be captured, and only once. */
  async captureHold(manager: EntityManager, holdId: number, source: PointsSource): Promise<MovementResult> {
    const hold = await this.repository.findHold(manager, holdId);
    if (!hold) throw new NotFoundError('Points hold', holdId);
    if (hold.status === HoldStatus.HELD && hold.expiresAt <= clock.now()) {
      await this.releaseHold(manager, holdId, 'expired before capture', HoldStatus.EXPIRED);
      throw holdNotActive({ ...hold, status: HoldStatus.EXPIRED });
    }
    if (!(await this.repository.transitionHold(manager, holdId, HoldStatus.CAPTURED)))
      throw holdNotActive(hold);
    await this.expireDue(manager, hold.memberId, clock.now());
    await this.take(manager, hold.memberId, { held: -hold.points }, hold.points);
    const entryId = await this.record(manager, {
      memberId: hold.memberId,
      type: LedgerEntryType.SPEND,
      delta: {},
      alreadyApplied: { held: -hold.points },
      source,
      reason: `Captured ${hold.purpose} ${hold.reference}`,
      explanation: simpleExplanation(`${hold.points} held points spent on ${hold.purpose} ${hold.reference}`),
      holdId,
      eventType: 'points.hold-captured',
    });
    return { entryId, holdId, points: hold.points };
  }

  /** Returns held points to the lots they came from. Only a HELD hold can be released, once. */
  async releaseHold(
    manager: EntityManager,
    holdId: number,
    reason: string,
    status: HoldStatus.RELEASED | HoldStatus.EXPIRED = HoldStatus.RELEASED,
  ): Promise<MovementResult> {
    const hold = await this.repository.findHold(manager, holdId);
    if (!hold) throw new NotFoundError('Points hold', holdId);
    if (!(await this.repository.transitionHold(manager, holdId, status))) throw holdNotActive(hold);
    await this.expireDue(manager, hold.memberId, clock.now());
    const back = await this.giveBack(manager, hold.memberId, { holdId }, hold.points);
    await this.take(manager, hold.memberId, { held: -hold.points, available: back.net }, hold.points);
    const entryId = await this.record(manager, {
      memberId: hold.memberId,
      type: LedgerEntryType.RELEASE,
      delta: {},
      alreadyApplied: { held: -hold.points, available: back.net },
      source: { kind: PointsSourceKind.PAYMENT, reference: `${hold.purpose}:${hold.reference}` },
      reason,
      explanation: givenBackExplanation(
        `held for ${hold.purpose} ${hold.reference} (${reason})`,
        hold.points,
        back,
      ),
      holdId,
      eventType: 'points.hold-released',
    });
    await this.saveDebtAllocations(manager, entryId, back);
    return { entryId, holdId, points: back.net };
  }

  /** Gives back points of a captured hold (a refunded points payment), at most what was captured. */
  async refundCapturedHold(
    manager: EntityManager,
    holdId: number,
    points: number,
    reason: string,
    source: PointsSource,
  ): Promise<MovementResult> {
    assertPoints(points);
    const hold = await this.repository.findHold(manager, holdId);
    if (!hold) throw new NotFoundError('Points hold', holdId);
    if (!(await this.repository.addRefundedPoints(manager, holdId, points))) {
      if (hold.status !== HoldStatus.CAPTURED) throw holdNotActive(hold, HoldStatus.CAPTURED);
      throw BadUserInputError.field(
        'points',
        `Only ${hold.points - hold.refundedPoints} of the ${hold.points} captured points can still be refunded`,
      );
    }
    await this.expireDue(manager, hold.memberId, clock.now());
    const back = await this.giveBack(manager, hold.memberId, { holdId }, points);
    await this.repository.applyDelta(manager, hold.memberId, { available: back.net });
    const entryId = await this.record(manager, {
      memberId: hold.memberId,
      type: LedgerEntryType.REVERSE,
      delta: {},
      alreadyApplied: { available: back.net },
      source,
      reason,
      explanation: givenBackExplanation(`refunded from ${hold.purpose} ${hold.reference}`, points, back),
      holdId,
    });
    await this.saveDebtAllocations(manager, entryId, back);
    return { entryId, holdId, points: back.net };
  }

  /**
   * A refund takes back what its order earned, in proportion to the refunded share (cumulative). It
   * takes from the order's own lots first (pending or usable), then from other usable points; what
   * was already spent is forgiven or carried as debt, as the policy says. The balance never goes negative.
   */
  reverseOrderEarnings(manager: EntityManager, input: ReverseOrderEarnings): Promise<MovementResult> {
    return this.idempotency.within(manager, {
      scope: 'points.reverse-order',
      key: input.idempotencyKey,
      input,
      work: async () => {
        const { earned, reversed } = await this.repository.orderEarnings(manager, input.orderId);
        const due = reversalDue(earned, input.refundedShare, reversed);
        if (due === 0) return { entryId: null, points: 0, shortfall: 0 };
        await this.expireDue(manager, input.memberId, clock.now());
        await this.repository.ensureAccount(manager, input.memberId);
        const policy = await this.repository.policy(manager);
        const own = await this.repository.orderLots(manager, input.orderId);
        const { allocations, fromOwn, fromOthers, fromPending, fromAvailable } = await this.takeBackFrom(
          manager,
          input.memberId,
          own,
          due,
          policy.spendOrder,
        );
        const shortfall = due - fromPending - fromAvailable;
        const carry = policy.reversalShortfall === ReversalShortfallPolicy.CARRY_AS_DEBT ? shortfall : 0;
        await this.take(
          manager,
          input.memberId,
          { available: -fromAvailable, pending: -fromPending, debt: carry },
          due,
        );
        for (const allocation of allocations) {
          await this.mustChangeLot(manager, allocation.lotId, -allocation.points);
        }
        if (shortfall > 0 && carry === 0) await this.markOwed(manager, input.orderId, shortfall);
        const steps = [
          `order earned ${earned}, refunds so far ${Math.round(input.refundedShare * 10000) / 100}% → reverse ${due} (${reversed} reversed before)`,
          `taken from this order's points: ${sum(fromOwn.allocations)}, from other points: ${sum(fromOthers)}`,
        ];
        if (shortfall > 0) {
          steps.push(
            carry > 0
              ? `${shortfall} already spent: carried as debt, paid from the next earnings`
              : `${shortfall} already spent: forgiven (the balance never goes negative)`,
          );
        }
        const entryId = await this.record(manager, {
          memberId: input.memberId,
          type: LedgerEntryType.REVERSE,
          delta: {},
          alreadyApplied: { available: -fromAvailable, pending: -fromPending },
          source: input.source,
          reason: input.reason,
          explanation: {
            summary: `Took back ${due - shortfall} of ${due} points for refunded order #${input.orderId}`,
            rules: [],
            inputs: {
              orderId: input.orderId,
              earned,
              refundedShare: input.refundedShare,
              reversedBefore: reversed,
            },
            steps,
          },
          idempotencyKey: input.idempotencyKey,
          orderId: input.orderId,
          uncollected: shortfall,
        });
        await this.repository.insertAllocations(
          manager,
          allocations.map((a) => ({ entryId, lotId: a.lotId, points: a.points })),
        );
        return { entryId, points: due - shortfall, shortfall };
      },
    });
  }

  /**
   * Takes back points one earning gave (a payment refunded on the platform that paid it), recorded as
   * REVERSE like every other refund: from that earning's own lots first (pending or usable), then from
   * the member's other usable points. Never below zero: INSUFFICIENT_POINTS when they are not there.
   * All its reversals together take back at most what it gave (BAD_USER_INPUT beyond, like a refund
   * of more than is left of an order or of a points payment).
   */
  reverseEarning(manager: EntityManager, input: ReverseEarning): Promise<MovementResult> {
    assertPoints(input.points);
    return this.idempotency.within(manager, {
      scope: 'points.reverse-earning',
      key: input.idempotencyKey,
      input,
      work: async () => {
        await this.expireDue(manager, input.memberId, clock.now());
        const earn = await this.repository.findEarning(manager, input.memberId, input.earnIdempotencyKey);
        if (!earn) throw new NotFoundError('Earning', input.earnIdempotencyKey);
        // Cumulative, as an order's refunds are: partial refunds under different keys add up.
        const reversedBefore = await this.repository.reversedOfEarning(manager, earn.id);
        if (reversedBefore + input.points > earn.points) {
          throw BadUserInputError.field(
            'points',
            `Only ${earn.points - reversedBefore} of the ${earn.points} points that earning gave can still be taken back`,
          );
        }
        const policy = await this.repository.policy(manager);
        const own = await this.repository.entryLots(manager, earn.id);
        const { allocations, fromOwn, fromOthers, fromPending, fromAvailable } = await this.takeBackFrom(
          manager,
          input.memberId,
          own,
          input.points,
          policy.spendOrder,
        );
        if (fromPending + fromAvailable < input.points) {
          const { available } = await this.repository.balanceOf(manager, input.memberId, true);
          throw new InsufficientPointsError(input.points, available);
        }
        await this.take(
          manager,
          input.memberId,
          { available: -fromAvailable, pending: -fromPending },
          input.points,
        );
        for (const allocation of allocations) {
          await this.mustChangeLot(manager, allocation.lotId, -allocation.points);
        }
        const entryId = await this.record(manager, {
          memberId: input.memberId,
          type: LedgerEntryType.REVERSE,
          delta: {},
          alreadyApplied: { available: -fromAvailable, pending: -fromPending },
          source: input.source,
          reason: input.reason,
          explanation: {
            summary: `Took back ${input.points} of the ${earn.points} points earned by entry #${earn.id}`,
            rules: [],
            inputs: { earnEntryId: earn.id, earned: earn.points, reversedBefore },
            steps: [
              `taken from that earning's points: ${sum(fromOwn.allocations)}, from other points: ${sum(fromOthers)}`,
            ],
          },
          idempotencyKey: input.idempotencyKey,
        });
        await this.repository.linkReversal(manager, entryId, earn.id);
        await this.repository.insertAllocations(
          manager,
          allocations.map((a) => ({ entryId, lotId: a.lotId, points: a.points })),
        );
        return { entryId, points: input.points };
      },
    });
  }

  /**
   * The one rule for taking points back: from the refunded earning's own lots first (pending or
   * usable), then from the member's other usable lots in the programme's spend order. Says how much
   * came from pending and from available points; what it could not find is the caller's shortfall.
   */
  private async takeBackFrom(
    manager: EntityManager,
    memberId: number,
    own: PointsLot[],
    points: number,
    spendOrder: SpendOrder,
  ) {
    const fromOwn = allocate(own, points);
    let fromOthers: Allocation[] = [];
    if (fromOwn.missing > 0) {
      const ownIds = new Set(own.map((lot) => lot.id));
      const others = spendSequence(
        (await this.repository.lotsWithPoints(manager, memberId, [LotStatus.ACTIVE])).filter(
          (lot) => !ownIds.has(lot.id),
        ),
        spendOrder,
      );
      fromOthers = allocate(others, fromOwn.missing).allocations;
    }
    const allocations = [...fromOwn.allocations, ...fromOthers];
    const pendingIds = new Set(own.filter((l) => l.status === LotStatus.PENDING).map((l) => l.id));
    const fromPending = sum(allocations.filter((a) => pendingIds.has(a.lotId)));
    return { allocations, fromOwn, fromOthers, fromPending, fromAvailable: sum(allocations) - fromPending };
  }

  /**
   * Under FORGIVE, what a refund could not take back is noted on the order's lots (`owed`): points that
   * later come back to those lots (a cancelled redemption) settle it instead of becoming spendable.
   */
  private async markOwed(manager: EntityManager, orderId: number, shortfall: number): Promise<void> {
    let left = shortfall;
    for (const lot of await this.repository.lotsOfOrder(manager, orderId)) {
      const room = lot.points - lot.remaining - lot.expiredPoints - lot.owed;
      const owe = Math.min(Math.max(room, 0), left);
      if (owe > 0 && (await this.repository.changeLotOwed(manager, lot.id, owe))) left -= owe;
      if (left === 0) break;
    }
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
        await this.expireDue(manager, input.memberId, now);
        if (input.points > 0) {
          const policy = await this.repository.policy(manager);
          await this.repository.ensureAccount(manager, input.memberId);
          const entryId = await this.record(manager, {
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
        await this.take(manager, input.memberId, { available: -points }, points);
        const allocations = await this.consumeLots(manager, input.memberId, points);
        const entryId = await this.record(manager, {
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

  /**
   * Expires a member's lots whose date has passed: one EXPIRE entry for all of them. Every movement
   * calls it first, so none can take points that are already past their expiry (a refund needing
   * "other points" would otherwise eat them and leave the live ones) nor count them in the balance it
   * records or reports. One locking read when nothing is due.
   */
  async expireDue(manager: EntityManager, memberId: number, now: Date): Promise<number> {
    const lots = await this.repository.dueLotsOf(manager, memberId, LotStatus.ACTIVE, 'expiresAt', now);
    return this.settleLots(manager, memberId, lots, LotStatus.EXPIRED, now);
  }

  /** Makes a member's pending lots usable once their return window has closed: one UNLOCK entry. */
  async unlockDue(manager: EntityManager, memberId: number, now: Date): Promise<number> {
    const lots = await this.repository.dueLotsOf(manager, memberId, LotStatus.PENDING, 'pendingUntil', now);
    return this.settleLots(manager, memberId, lots, LotStatus.ACTIVE, now);
  }

  private async settleLots(
    manager: EntityManager,
    memberId: number,
    lots: PointsLot[],
    to: LotStatus.EXPIRED | LotStatus.ACTIVE,
    now: Date,
  ): Promise<number> {
    let total = 0;
    const moved: PointsLot[] = [];
    for (const lot of lots) {
      const from = to === LotStatus.EXPIRED ? LotStatus.ACTIVE : LotStatus.PENDING;
      const values: Partial<PointsLot> =
        to === LotStatus.EXPIRED
          ? { status: to, remaining: 0, expiredPoints: lot.remaining }
          : { status: to };
      if (await this.repository.transitionLot(manager, lot, from, values)) {
        total += lot.remaining;
        moved.push(lot);
      }
    }
    if (total === 0) return 0;
    const expiring = to === LotStatus.EXPIRED;
    const delta = expiring ? { available: -total } : { pending: -total, available: total };
    await this.take(manager, memberId, delta, total);
    await this.record(manager, {
      memberId,
      type: expiring ? LedgerEntryType.EXPIRE : LedgerEntryType.UNLOCK,
      delta: {},
      alreadyApplied: delta,
      source: { kind: PointsSourceKind.JOB },
      reason: expiring ? 'Points expired' : 'Return window closed',
      explanation: {
        summary: expiring
          ? `${total} points from ${moved.length} lot(s) expired`
          : `${total} pending points from ${moved.length} lot(s) became usable`,
        rules: [],
        inputs: {
          lots: moved.map((l) => ({ lotId: l.id, points: l.remaining, earnedAt: l.earnedAt.toISOString() })),
        },
        steps: moved.map((l) =>
          expiring
            ? `lot #${l.id}: ${l.remaining} points, expired ${l.expiresAt?.toISOString()}`
            : `lot #${l.id}: ${l.remaining} points, pending until ${l.pendingUntil?.toISOString()}`,
        ),
      },
      at: now,
    });
    return total;
  }

  /** Applies a delta that takes points, or throws INSUFFICIENT_POINTS (changing nothing). */
  private async take(
    manager: EntityManager,
    memberId: number,
    delta: AccountDelta,
    needed: number,
  ): Promise<void> {
    if (await this.repository.applyDelta(manager, memberId, delta)) return;
    const balance = await this.repository.balanceOf(manager, memberId, true);
    throw new InsufficientPointsError(needed, balance.available);
  }

  /** Takes `points` from the member's usable lots in policy order (the account was already debited). */
  private async consumeLots(manager: EntityManager, memberId: number, points: number): Promise<Allocation[]> {
    const policy = await this.repository.policy(manager);
    const lots = spendSequence(
      await this.repository.lotsWithPoints(manager, memberId, [LotStatus.ACTIVE]),
      policy.spendOrder,
    );
    const { allocations, missing } = allocate(lots, points);
    if (missing > 0)
      throw new Error(`Ledger invariant broken: member ${memberId}'s lots lack ${missing} points`);
    for (const allocation of allocations)
      await this.mustChangeLot(manager, allocation.lotId, -allocation.points);
    return allocations;
  }

  /**
   * Points coming back (a cancelled redemption, a released hold, a refunded points payment) go to the
   * lots they came from, with their original expiry. What a lot owes to an earlier refund of its
   * order is settled first, and a debt (CARRY_AS_DEBT) is paid from what is left, as new earnings would.
   * `net` is what becomes spendable.
   */
  private async giveBack(
    manager: EntityManager,
    memberId: number,
    where: { entryId?: number; holdId?: number },
    points: number,
  ): Promise<GivenBack> {
    const { restored, settled, dropped } = await this.restoreAllocations(manager, where, points);
    const { debt } = await this.repository.balanceOf(manager, memberId, true);
    const debtPaid = Math.min(debt, restored);
    let debtAllocations: Allocation[] = [];
    if (debtPaid > 0 && (await this.repository.applyDelta(manager, memberId, { debt: -debtPaid }))) {
      debtAllocations = await this.consumeLots(manager, memberId, debtPaid);
      return { net: restored - debtPaid, settled, dropped, debtPaid, debtAllocations };
    }
    return { net: restored, settled, dropped, debtPaid: 0, debtAllocations };
  }

  private async saveDebtAllocations(manager: EntityManager, entryId: number, back: GivenBack): Promise<void> {
    await this.repository.insertAllocations(
      manager,
      back.debtAllocations.map((a) => ({ entryId, lotId: a.lotId, points: a.points })),
    );
  }

  /**
   * Returns up to `points` to the lots recorded for an entry or hold: live lots first, so that a
   * partial return is not lost on a lot that expired meanwhile; an expired lot's share is dropped (it
   * would have expired anyway), and what a lot owes to an earlier refund is settled before it refills.
   */
  private async restoreAllocations(
    manager: EntityManager,
    where: { entryId?: number; holdId?: number },
    points: number,
  ): Promise<{ restored: number; settled: number; dropped: number }> {
    const allocations = await this.repository.allocationsOf(manager, where);
    const lots = new Map(
      (
        await this.repository.findLots(
          manager,
          allocations.map((a) => a.lotId),
        )
      ).map((l) => [l.id, l]),
    );
    const now = clock.now();
    const isLive = (lotId: number) => {
      const lot = lots.get(lotId);
      return !!lot && lot.status === LotStatus.ACTIVE && !(lot.expiresAt && lot.expiresAt <= now);
    };
    const ordered = [...allocations].sort(
      (a, b) => Number(isLive(b.lotId)) - Number(isLive(a.lotId)) || a.id - b.id,
    );
    let left = points;
    let restored = 0;
    let settled = 0;
    let dropped = 0;
    for (const allocation of ordered) {
      if (left === 0) break;
      const give = Math.min(allocation.points - allocation.returned, left);
      if (give <= 0) continue;
      left -= give;
      await this.repository.markReturned(manager, allocation.id, give);
      if (!isLive(allocation.lotId)) {
        dropped += give;
        continue;
      }
      const lot = lots.get(allocation.lotId)!;
      const settle = Math.min(lot.owed, give);
      if (settle > 0 && (await this.repository.changeLotOwed(manager, lot.id, -settle))) {
        lot.owed -= settle;
        settled += settle;
      }
      const refill = give - (settle > 0 ? settle : 0);
      if (refill > 0) await this.mustChangeLot(manager, lot.id, refill);
      restored += refill;
    }
    return { restored, settled, dropped };
  }

  private async mustChangeLot(manager: EntityManager, lotId: number, delta: number): Promise<void> {
    if (!(await this.repository.changeLotRemaining(manager, lotId, delta))) {
      throw new Error(`Ledger invariant broken: lot ${lotId} cannot change by ${delta}`);
    }
  }

  /** Applies the account delta (unless already applied), writes the entry and its activity event. */
  private async record(manager: EntityManager, draft: EntryDraft): Promise<number> {
    if (
      Object.keys(draft.delta).length &&
      !(await this.repository.applyDelta(manager, draft.memberId, draft.delta))
    ) {
      const balance = await this.repository.balanceOf(manager, draft.memberId);
      throw new InsufficientPointsError(-(draft.delta.available ?? 0), balance.available);
    }
    const delta = { ...(draft.alreadyApplied ?? {}), ...draft.delta };
    const available = delta.available ?? 0;
    const pending = delta.pending ?? 0;
    const held = delta.held ?? 0;
    const balance = draft.balanceAfter ?? (await this.repository.balanceOf(manager, draft.memberId));
    const at = draft.at ?? clock.now();
    const points = draft.pointsOverride ?? available + pending + held;
    const entryId = await this.repository.insertEntry(manager, {
      memberId: draft.memberId,
      type: draft.type,
      points,
      availableDelta: available,
      pendingDelta: pending,
      heldDelta: held,
      availableAfter: balance.available,
      uncollected: draft.uncollected ?? 0,
      sourceKind: draft.source.kind,
      // Sources echo callers' ids (refund ids, references): cut to the columns rather than fail.
      sourceChannel: clip(draft.source.channel, 32),
      sourcePlugin: clip(draft.source.plugin, 64),
      sourceStaffUserId: clip(draft.source.staffUserId, 128),
      sourceReference: clip(draft.source.reference, 191),
      storeId: clip(draft.source.storeId, 64),
      reason: draft.reason.slice(0, 255),
      idempotencyKey: clip(draft.idempotencyKey, 191),
      orderId: draft.orderId ?? null,
      holdId: draft.holdId ?? null,
      ruleId: draft.ruleId ?? null,
      reversesEntryId: draft.reversesEntryId ?? null,
      explanationJson: JSON.stringify(draft.explanation),
      createdAt: at,
    });
    await this.activity.record(manager, {
      type: draft.eventType ?? EVENT_OF[draft.type],
      memberId: draft.memberId,
      channel: draft.source.channel ?? null,
      summary: `Member ${draft.memberId}: ${describe(draft.type, points, available)} (${draft.reason})`.slice(
        0,
        255,
      ),
      payload: {
        entryId,
        type: draft.type,
        points,
        availableDelta: available,
        pendingDelta: pending,
        heldDelta: held,
        balance: { available: balance.available, pending: balance.pending, held: balance.held },
        source: draft.source,
        orderId: draft.orderId ?? null,
        holdId: draft.holdId ?? null,
        explanation: draft.explanation.summary,
      },
    });
    return entryId;
  }
}

function describe(type: LedgerEntryType, points: number, available: number): string {
  const amount = points !== 0 ? points : available;
  return `${type.toLowerCase()} ${amount > 0 ? '+' : ''}${amount} points`;
}

interface GivenBack {
  /** What becomes spendable. */
  net: number;
  /** Settled against what an earlier refund could not take back. */
  settled: number;
  /** Belonged to lots that expired meanwhile. */
  dropped: number;
  /** Paid towards a debt (CARRY_AS_DEBT). */
  debtPaid: number;
  debtAllocations: Allocation[];
}

function givenBackExplanation(
  what: string,
  points: number,
  back: GivenBack,
  inputs: Record<string, unknown> = {},
): PointsExplanation {
  const steps = [`${points} points to give back ${what}`];
  if (back.settled)
    steps.push(`${back.settled} settle what an earlier refund of their order could not take back`);
  if (back.dropped) steps.push(`${back.dropped} belonged to lots that have expired since: not revived`);
  if (back.debtPaid) steps.push(`${back.debtPaid} pay off a refund's debt`);
  steps.push(`${back.net} points spendable again`);
  return {
    summary: `${back.net} of ${points} points given back ${what}`,
    rules: [],
    inputs: { ...inputs, ...back, debtAllocations: undefined },
    steps,
  };
}

function clip(value: string | null | undefined, length: number): string | null {
  return value === null || value === undefined ? null : value.slice(0, length);
}

function sum(allocations: Allocation[]): number {
  return allocations.reduce((total, a) => total + a.points, 0);
}

/** One movement's ceiling: far above any real basket, and below the 32-bit columns and GraphQL Int. */
export const MAX_POINTS_PER_MOVEMENT = 1_000_000_000;

function assertPoints(points: number): void {
  if (!Number.isSafeInteger(points) || points <= 0) {
    throw BadUserInputError.field('points', 'points must be a positive whole number');
  }
  if (points > MAX_POINTS_PER_MOVEMENT) {
    throw BadUserInputError.field(
      'points',
      `A single movement may not exceed ${MAX_POINTS_PER_MOVEMENT} points`,
    );
  }
}

function holdNotActive(hold: { id: number; status: HoldStatus }, expected = HoldStatus.HELD): AppError {
  return new ConflictError(`Points hold ${hold.id} is ${hold.status}, not ${expected}`, {
    holdId: String(hold.id),
    status: hold.status,
  });
}
