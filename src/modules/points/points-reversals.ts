import type { EntityManager } from 'typeorm';
import { BadUserInputError, InsufficientPointsError, NotFoundError } from '../../common/errors';
import type { IdempotencyService } from '../idempotency';
import type { PointsLot } from './points-lot.entity';
import type { MovementResult, ReverseEarning, ReverseOrderEarnings } from './points-movements';
import { LedgerEntryType, LotStatus, ReversalShortfallPolicy, type SpendOrder } from './points.enums';
import type { PointsRepository } from './points.repository';
import { allocate, reversalDue, spendSequence, type Allocation } from './points.rules';
import { clock } from '../../common/clock';
import type { LedgerEntries } from './ledger-entries';
import { sum, type LotAllocator } from './lot-allocator';
import type { LotSettlement } from './lot-settlement';
import { assertPoints } from './movement-guards';
/** Taking earned points back: a refunded order's share, or one earning a platform refunded. */
export class PointsReversals {
  constructor(
    private readonly repository: PointsRepository,
    private readonly idempotency: IdempotencyService,
    private readonly entries: LedgerEntries,
    private readonly lots: LotAllocator,
    private readonly settlement: LotSettlement,
  ) {}

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
        await this.settlement.expireDue(manager, input.memberId, clock.now());
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
        await this.entries.take(
          manager,
          input.memberId,
          { available: -fromAvailable, pending: -fromPending, debt: carry },
          due,
        );
        for (const allocation of allocations) {
          await this.lots.mustChangeLot(manager, allocation.lotId, -allocation.points);
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
        const entryId = await this.entries.record(manager, {
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
        await this.settlement.expireDue(manager, input.memberId, clock.now());
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
        await this.entries.take(
          manager,
          input.memberId,
          { available: -fromAvailable, pending: -fromPending },
          input.points,
        );
        for (const allocation of allocations) {
          await this.lots.mustChangeLot(manager, allocation.lotId, -allocation.points);
        }
        const entryId = await this.entries.record(manager, {
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
}
