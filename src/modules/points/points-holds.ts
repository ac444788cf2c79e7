import type { EntityManager } from 'typeorm';
import { BadUserInputError, ConflictError, NotFoundError } from '../../common/errors';
import type { IdempotencyService } from '../idempotency';
import { simpleExplanation } from './explanation';
import type { HoldPoints, MovementResult, PointsSource } from './points-movements';
import { HoldStatus, LedgerEntryType, PointsSourceKind } from './points.enums';
import type { PointsRepository } from './points.repository';
import { clock } from '../../common/clock';
import type { LedgerEntries } from './ledger-entries';
import { givenBackExplanation, type LotAllocator } from './lot-allocator';
import type { LotSettlement } from './lot-settlement';
import { assertPoints, holdNotActive } from './movement-guards';
/** Holds: points set aside for a checkout or a payment, then captured (spent), released or refunded. */
export class PointsHolds {
  constructor(
    private readonly repository: PointsRepository,
    private readonly idempotency: IdempotencyService,
    private readonly entries: LedgerEntries,
    private readonly lots: LotAllocator,
    private readonly settlement: LotSettlement,
  ) {}

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
        await this.settlement.expireDue(manager, input.memberId, now);
        await this.entries.take(
          manager,
          input.memberId,
          { available: -input.points, held: input.points },
          input.points,
        );
        const allocations = await this.lots.consumeLots(manager, input.memberId, input.points);
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
        const entryId = await this.entries.record(manager, {
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
    await this.settlement.expireDue(manager, hold.memberId, clock.now());
    await this.entries.take(manager, hold.memberId, { held: -hold.points }, hold.points);
    const entryId = await this.entries.record(manager, {
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
    await this.settlement.expireDue(manager, hold.memberId, clock.now());
    const back = await this.lots.giveBack(manager, hold.memberId, { holdId }, hold.points);
    await this.entries.take(manager, hold.memberId, { held: -hold.points, available: back.net }, hold.points);
    const entryId = await this.entries.record(manager, {
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
    await this.lots.saveDebtAllocations(manager, entryId, back);
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
    await this.settlement.expireDue(manager, hold.memberId, clock.now());
    const back = await this.lots.giveBack(manager, hold.memberId, { holdId }, points);
    await this.repository.applyDelta(manager, hold.memberId, { available: back.net });
    const entryId = await this.entries.record(manager, {
      memberId: hold.memberId,
      type: LedgerEntryType.REVERSE,
      delta: {},
      alreadyApplied: { available: back.net },
      source,
      reason,
      explanation: givenBackExplanation(`refunded from ${hold.purpose} ${hold.reference}`, points, back),
      holdId,
    });
    await this.lots.saveDebtAllocations(manager, entryId, back);
    return { entryId, holdId, points: back.net };
  }
}
