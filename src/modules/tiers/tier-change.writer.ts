import type { EntityManager } from 'typeorm';
import { ConflictError } from '../../common/errors';
import type { ActivityService } from '../activity';
import type { MemberTierRow } from './member-tier.entity';
import { TierChangeReason } from './tier.enums';
import type { Tier } from './tier.entity';
import type { Figures, TierDecision } from './tier.rules';
import { standingSnapshot, tierRef } from './tier-snapshot';
import type { TiersRepository } from './tiers.repository';
import { clock } from '../../common/clock';

const EVENT_TYPES: Record<TierChangeReason, 'tier.changed' | 'tier.grace-started' | 'tier.kept'> = {
  [TierChangeReason.UPGRADE]: 'tier.changed',
  [TierChangeReason.DOWNGRADE]: 'tier.changed',
  [TierChangeReason.MANUAL]: 'tier.changed',
  [TierChangeReason.RELEASED]: 'tier.changed',
  [TierChangeReason.MERGED]: 'tier.changed',
  [TierChangeReason.GRACE_STARTED]: 'tier.grace-started',
  [TierChangeReason.KEPT]: 'tier.kept',
};

export interface AppliedChange {
  memberId: number;
  decision: TierDecision<Tier>;
  figures: Figures | null;
  note?: string | null;
  changedBy?: string | null;
}

/**
 * Applies one decision inside the caller's transaction: the member's row (conditionally, against the
 * row the decision was made on), a `tier_change` history row and the activity event, so all three
 * commit together or not at all.
 */
export class TierChangeWriter {
  constructor(
    private readonly repository: TiersRepository,
    private readonly activity: ActivityService,
  ) {}

  /** False when the row changed under us (a concurrent writer won): nothing was written. */
  async apply(manager: EntityManager, before: MemberTierRow | null, change: AppliedChange): Promise<boolean> {
    const { memberId, decision } = change;
    const values = {
      tierId: decision.standing.tierId,
      achievedAt: decision.standing.achievedAt ?? clock.now(),
      reviewAt: decision.standing.reviewAt,
      graceUntil: decision.standing.graceUntil,
      manual: decision.standing.manual,
      manualReason: decision.standing.manual ? (change.note ?? null) : null,
      assignedBy: decision.standing.manual ? (change.changedBy ?? null) : null,
    };
    if (before === null) await this.repository.insertMemberTier(manager, { memberId, ...values });
    else if (!(await this.repository.updateMemberTierIf(manager, before, values))) return false;

    const at = clock.now();
    await this.repository.insertChange(manager, {
      memberId,
      fromTierId: before === null ? null : decision.from.id,
      toTierId: decision.to.id,
      reason: decision.reason,
      figuresJson: change.figures ? JSON.stringify(change.figures) : null,
      note: change.note ?? null,
      changedBy: change.changedBy ?? null,
      at,
    });
    await this.activity.record(manager, {
      type: EVENT_TYPES[decision.reason],
      memberId,
      summary: summaryOf(memberId, decision),
      payload: {
        memberId,
        reason: decision.reason,
        from: tierRef(decision.from),
        to: tierRef(decision.to),
        figures: change.figures,
        ...standingSnapshot({ ...decision.standing, achievedAt: values.achievedAt }),
      },
    });
    return true;
  }

  /** Like apply, for writes a caller cannot skip (staff actions): a lost race is a CONFLICT to retry. */
  async applyOrConflict(
    manager: EntityManager,
    before: MemberTierRow | null,
    change: AppliedChange,
  ): Promise<void> {
    if (!(await this.apply(manager, before, change))) {
      throw new ConflictError("The member's tier changed meanwhile; read it again and retry");
    }
  }
}

function summaryOf(memberId: number, decision: TierDecision<Tier>): string {
  const { from, to } = decision;
  switch (decision.reason) {
    case TierChangeReason.GRACE_STARTED:
      return `Member ${memberId} is below ${from.code}: grace period started`;
    case TierChangeReason.KEPT:
      return `Member ${memberId} keeps ${to.code}`;
    default:
      return `Member ${memberId} moved from ${from.code} to ${to.code} (${decision.reason})`;
  }
}
