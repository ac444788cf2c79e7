import { assertCanAccessMember } from '../../auth/member-access';
import { BadUserInputError, NotFoundError } from '../../common/errors';
import type { RequestContext } from '../../common/request-context';
import type { Database } from '../../data/database';
import type { AuditService } from '../audit';
import type { IdempotencyService } from '../idempotency';
import type { LedgerEntry } from './ledger-entry.entity';
import type { PointsHold } from './points-hold.entity';
import { MAX_POINTS_PER_MOVEMENT, type PointsLedger } from './points-ledger';
import type { PointsLot } from './points-lot.entity';
import type { PointsPolicy } from './points-policy.entity';
import type { MovementResult, PointsSource } from './points-movements';
import { ExpiryMode, PointsSourceKind, type LedgerEntryType, type LotStatus } from './points.enums';
import type {
  AuthorisePointsPaymentInput,
  QuotePointsPaymentInput,
  UpdatePointsPolicyInput,
} from './points.inputs';
import type { Balance, PointsRepository } from './points.repository';
import { amountForPoints, pointsForAmount } from './points.rules';
import { clock } from '../../common/clock';

const PAYMENT = 'payment';

export interface Movement {
  entry: LedgerEntry | null;
  hold: PointsHold | null;
  points: number;
  balance: Balance;
}

/**
 * Points as the API offers them: reading balances, lots and the ledger; staff adjustments; the
 * points policy; and pay with points (quote, authorise, capture, release, refund) on the ledger's holds.
 * Every write runs through the idempotency service in its own transaction and is audited.
 */
export class PointsService {
  constructor(
    private readonly db: Database,
    private readonly repository: PointsRepository,
    private readonly ledger: PointsLedger,
    private readonly idempotency: IdempotencyService,
    private readonly audit: AuditService,
  ) {}

  policy(): Promise<PointsPolicy> {
    return this.repository.policy(this.db.manager);
  }

  async updatePolicy(ctx: RequestContext, input: UpdatePointsPolicyInput): Promise<PointsPolicy> {
    return this.db.transaction(async (manager) => {
      const before = await this.repository.policy(manager);
      const next = { ...before, ...stripUndefined(input) };
      if (next.expiryMode === ExpiryMode.AFTER_DAYS && !next.expiryDays) {
        throw BadUserInputError.field('expiryDays', 'AFTER_DAYS needs expiryDays');
      }
      await this.repository.updatePolicy(manager, stripUndefined(input));
      const after = await this.repository.policy(manager);
      await this.audit.record(ctx, manager, {
        action: 'points.policy.update',
        targetType: 'points-policy',
        targetId: 1,
        before,
        after,
      });
      return after;
    });
  }

  async adjust(
    ctx: RequestContext,
    input: { memberId: number; points: number; reason: string; idempotencyKey: string },
  ): Promise<Movement> {
    const source: PointsSource = {
      kind: PointsSourceKind.STAFF,
      staffUserId: ctx.principal?.subject ?? null,
    };
    const result = await this.idempotency.run({
      scope: 'api.adjust-points',
      key: input.idempotencyKey,
      input,
      work: async (manager) => {
        const moved = await this.ledger.adjust(manager, { ...input, idempotencyKey: null, source });
        await this.audit.record(ctx, manager, {
          action: 'points.adjust',
          targetType: 'member',
          targetId: input.memberId,
          after: { points: input.points, reason: input.reason, entryId: moved.entryId },
        });
        return moved;
      },
    });
    return this.movement(input.memberId, result);
  }

  async quotePayment(ctx: RequestContext, memberId: number, input: QuotePointsPaymentInput) {
    assertCanAccessMember(ctx.principal, memberId);
    const policy = await this.repository.policy(this.db.manager);
    assertCurrency(policy, input.currency);
    const points = pointsForAmount(input.amountMinor, policy.pointsPerCurrencyUnit);
    if (points > MAX_POINTS_PER_MOVEMENT) {
      throw BadUserInputError.field(
        'amountMinor',
        'This amount is worth more points than one payment may move',
      );
    }
    const { available } = await this.ledger.balanceOf(this.db.manager, memberId);
    return {
      amountMinor: input.amountMinor,
      currency: policy.currency,
      points,
      pointsPerCurrencyUnit: policy.pointsPerCurrencyUnit,
      available,
      sufficient: available >= points,
    };
  }

  async authorisePayment(
    ctx: RequestContext,
    memberId: number,
    input: AuthorisePointsPaymentInput,
  ): Promise<Movement> {
    assertCanAccessMember(ctx.principal, memberId);
    const result = await this.idempotency.run({
      scope: 'api.authorise-points-payment',
      key: input.idempotencyKey,
      input: { ...input, memberId },
      work: async (manager) => {
        const policy = await this.repository.policy(manager);
        assertCurrency(policy, input.currency);
        const points = pointsForAmount(input.amountMinor, policy.pointsPerCurrencyUnit);
        const ttl = input.ttlSeconds ?? policy.holdTtlSeconds;
        const moved = await this.ledger.hold(manager, {
          memberId,
          points,
          purpose: PAYMENT,
          reference: input.paymentReference,
          expiresAt: new Date(clock.now().getTime() + ttl * 1000),
          source: { kind: PointsSourceKind.PAYMENT, reference: `payment:${input.paymentReference}` },
        });
        await this.audit.record(ctx, manager, {
          action: 'points.payment.authorise',
          targetType: 'member',
          targetId: memberId,
          after: { paymentReference: input.paymentReference, points, amountMinor: input.amountMinor },
        });
        return moved;
      },
    });
    return this.movement(memberId, result);
  }

  async capturePayment(ctx: RequestContext, paymentReference: string): Promise<Movement> {
    return this.onPaymentHold(ctx, paymentReference, 'points.payment.capture', (manager, hold) =>
      this.ledger.captureHold(manager, hold.id, {
        kind: PointsSourceKind.PAYMENT,
        reference: `payment:${paymentReference}`,
      }),
    );
  }

  async releasePayment(ctx: RequestContext, paymentReference: string): Promise<Movement> {
    return this.onPaymentHold(ctx, paymentReference, 'points.payment.release', (manager, hold) =>
      this.ledger.releaseHold(manager, hold.id, 'payment released'),
    );
  }

  async refundPayment(
    ctx: RequestContext,
    input: { paymentReference: string; amountMinor?: number | null; idempotencyKey: string },
  ): Promise<Movement> {
    const result = await this.idempotency.run({
      scope: 'api.refund-points-payment',
      key: input.idempotencyKey,
      input,
      work: async (manager) => {
        const hold = await this.paymentHold(ctx, manager, input.paymentReference);
        const policy = await this.repository.policy(manager);
        const left = hold.points - hold.refundedPoints;
        const points = input.amountMinor
          ? Math.min(pointsForAmount(input.amountMinor, policy.pointsPerCurrencyUnit), left)
          : left;
        if (points <= 0)
          throw BadUserInputError.field('amountMinor', 'Nothing is left to refund on this payment');
        const moved = await this.ledger.refundCapturedHold(
          manager,
          hold.id,
          points,
          'points payment refunded',
          {
            kind: PointsSourceKind.PAYMENT,
            reference: `payment:${input.paymentReference}`,
          },
        );
        await this.audit.record(ctx, manager, {
          action: 'points.payment.refund',
          targetType: 'member',
          targetId: hold.memberId,
          after: {
            paymentReference: input.paymentReference,
            points,
            worthMinor: amountForPoints(points, policy.pointsPerCurrencyUnit),
          },
        });
        return moved;
      },
    });
    return this.movement(null, result);
  }

  ledgerPage(
    memberId: number,
    filter: { types?: LedgerEntryType[] | null },
    beforeId: number | null,
    limit: number,
  ) {
    return this.repository.entriesPage(this.db.manager, memberId, filter, beforeId, limit);
  }

  lotsPage(
    memberId: number,
    statuses: LotStatus[] | null,
    afterId: number | null,
    limit: number,
  ): Promise<PointsLot[]> {
    return this.repository.lotsPage(this.db.manager, memberId, statuses, afterId, limit);
  }

  private async onPaymentHold(
    ctx: RequestContext,
    paymentReference: string,
    action: string,
    work: (manager: import('typeorm').EntityManager, hold: PointsHold) => Promise<MovementResult>,
  ): Promise<Movement> {
    const result = await this.db.transaction(async (manager) => {
      const hold = await this.paymentHold(ctx, manager, paymentReference);
      const moved = await work(manager, hold);
      await this.audit.record(ctx, manager, {
        action,
        targetType: 'member',
        targetId: hold.memberId,
        after: { paymentReference, holdId: hold.id, points: moved.points },
      });
      return moved;
    });
    return this.movement(null, result);
  }

  private async paymentHold(
    ctx: RequestContext,
    manager: import('typeorm').EntityManager,
    reference: string,
  ) {
    const hold = await this.repository.findHoldByReference(manager, PAYMENT, reference);
    if (!hold) throw new NotFoundError('Points payment', reference);
    assertCanAccessMember(ctx.principal, hold.memberId);
    return hold;
  }

  /** Reads back what a movement answered; the member comes from its entry or hold when it has one. */
  private async movement(memberId: number | null, result: MovementResult): Promise<Movement> {
    const manager = this.db.manager;
    const entry = result.entryId ? await this.repository.findEntry(manager, result.entryId) : null;
    const hold = result.holdId ? await this.repository.findHold(manager, result.holdId) : null;
    const owner = entry?.memberId ?? hold?.memberId ?? memberId!;
    return { entry, hold, points: result.points, balance: await this.ledger.balanceOf(manager, owner) };
  }
}

function assertCurrency(policy: PointsPolicy, currency: string): void {
  if (currency !== policy.currency) {
    throw BadUserInputError.field('currency', `Points are valued in ${policy.currency}, not ${currency}`);
  }
}

function stripUndefined<T extends object>(input: T): Partial<T> {
  return Object.fromEntries(
    Object.entries(input).filter(([, v]) => v !== undefined && v !== null),
  ) as Partial<T>;
}
