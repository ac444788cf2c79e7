import type { Reward } from './reward.entity';
import { FulfilmentStatus } from './reward.enums';

type Window = Pick<Reward, 'active' | 'validFrom' | 'validUntil'>;

/** Active and inside its validity window (open ends are unbounded). */
export function isOffered(reward: Window, now: Date): boolean {
  if (!reward.active) return false;
  if (reward.validFrom && reward.validFrom > now) return false;
  if (reward.validUntil && reward.validUntil <= now) return false;
  return true;
}

/**
 * A member may redeem a tier-restricted reward from its tier up. `requiredRank` null means the code
 * names no tier (any more): nobody qualifies, rather than everybody.
 */
export function isTierEligible(
  minimumTierCode: string | null,
  memberRank: number,
  requiredRank: number | null,
) {
  if (minimumTierCode === null) return true;
  return requiredRank !== null && memberRank >= requiredRank;
}

/** "What can I get now": tier-exclusive rewards first (the perk of the tier), then cheapest first. */
export function compareAffordable(a: Reward, b: Reward): number {
  const exclusive = Number(b.minimumTierCode !== null) - Number(a.minimumTierCode !== null);
  return exclusive || a.pointsPrice - b.pointsPrice || a.id - b.id;
}

/** A coupon's expiry: `couponValidityDays` after issue, never past the reward's own end. */
export function couponValidUntil(
  reward: Pick<Reward, 'couponValidityDays' | 'validUntil'>,
  issuedAt: Date,
): Date | null {
  const byDays =
    reward.couponValidityDays === null
      ? null
      : new Date(issuedAt.getTime() + reward.couponValidityDays * 24 * 60 * 60 * 1000);
  if (byDays && reward.validUntil) return byDays < reward.validUntil ? byDays : reward.validUntil;
  return byDays;
}

const FULFILMENT_ORDER = [FulfilmentStatus.PENDING, FulfilmentStatus.SHIPPED, FulfilmentStatus.DELIVERED];

/** Gifts move forward only (a step may be skipped: a parcel delivered by hand). */
export function isFulfilmentStepForward(from: FulfilmentStatus, to: FulfilmentStatus): boolean {
  return FULFILMENT_ORDER.indexOf(to) > FULFILMENT_ORDER.indexOf(from);
}
