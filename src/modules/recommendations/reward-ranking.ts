/**
 * How reward recommendations are ranked: by how likely the member is to redeem each reward, times what
 * the redemption is worth to the programme. The one place the rule lives (the service only reads the
 * data); pure so it is unit-tested.
 *
 * Likelihood (a relative weight, not a probability) multiplies four signals:
 * - **Kind**: the share of the member's redemptions of this reward type, smoothed towards the programme's
 *   shares (TYPE_PRIOR_WEIGHT pseudo-redemptions), so a member who always takes partner vouchers sees
 *   vouchers first and a member with no history sees what members redeem most.
 * - **Again**: a reward the member redeemed before (and may redeem again) counts REDEEMED_BEFORE_BOOST
 *   times more; one whose per-member limit they reached is not recommended at all.
 * - **Price fit** (distance in points): members redeem around a price level of their own, the mean of
 *   what they spent per redemption, or with no history TYPICAL_SHARE_OF_BALANCE of their available
 *   points. The weight falls with the log distance from that level (a Gaussian, PRICE_FIT_SIGMA), so a
 *   reward far cheaper or one that would empty the balance ranks below one at their level.
 * - **Popularity**: redemptions by all members, dampened (1 + ln(1 + n)), as a prior.
 *
 * The programme's value: a redemption settles the points' liability and brings a member back, so a
 * reward is worth more the more points it settles (dampened: price^VALUE_EXPONENT, so cost alone never
 * wins) and, when tier-exclusive, by TIER_EXCLUSIVE_VALUE (a tier benefit used keeps the member in
 * the tier programme).
 */

export type RewardKind = string;

export interface RewardCandidate {
  id: number;
  type: RewardKind;
  pointsPrice: number;
  minimumTierCode: string | null;
  /** Redemptions that stand, by all members. */
  redeemedCount: number;
  perMemberLimit: number | null;
}

export interface MemberRedemptions {
  rewardId: number;
  type: RewardKind;
  redemptions: number;
  pointsSpent: number;
}

export enum RewardRankingReason {
  /** The member redeemed this reward before. */
  REDEEMED_BEFORE = 'REDEEMED_BEFORE',
  /** The kind of reward the member redeems most. */
  LIKE_YOUR_REDEMPTIONS = 'LIKE_YOUR_REDEMPTIONS',
  TIER_EXCLUSIVE = 'TIER_EXCLUSIVE',
  AFFORDABLE = 'AFFORDABLE',
}

export interface RankedReward {
  rewardId: number;
  score: number;
  likelihood: number;
  value: number;
  reason: RewardRankingReason;
}

export const REWARD_RANKING = {
  TYPE_PRIOR_WEIGHT: 2,
  REDEEMED_BEFORE_BOOST: 2,
  TYPICAL_SHARE_OF_BALANCE: 0.5,
  PRICE_FIT_SIGMA: 1,
  VALUE_EXPONENT: 0.25,
  TIER_EXCLUSIVE_VALUE: 1.25,
} as const;

/** Ranks the rewards a member can redeem now; `dismissed` ones and those at their per-member limit are left out. */
export function rankRewards(input: {
  candidates: readonly RewardCandidate[];
  redeemed: readonly MemberRedemptions[];
  available: number;
  dismissed: ReadonlySet<number>;
  limit: number;
}): RankedReward[] {
  const R = REWARD_RANKING;
  const byReward = new Map(input.redeemed.map((row) => [row.rewardId, row]));
  const memberByType = new Map<RewardKind, number>();
  let memberTotal = 0;
  let spent = 0;
  for (const row of input.redeemed) {
    memberByType.set(row.type, (memberByType.get(row.type) ?? 0) + row.redemptions);
    memberTotal += row.redemptions;
    spent += row.pointsSpent;
  }
  // The programme's shares of redemptions by type, over the candidates (+1 each: no type is impossible).
  const programmeByType = new Map<RewardKind, number>();
  for (const reward of input.candidates) {
    programmeByType.set(reward.type, (programmeByType.get(reward.type) ?? 1) + reward.redeemedCount);
  }
  const programmeTotal = [...programmeByType.values()].reduce((sum, n) => sum + n, 0);
  const favourite = [...memberByType].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))[0]?.[0];
  const level =
    memberTotal > 0 ? spent / memberTotal : Math.max(1, input.available * R.TYPICAL_SHARE_OF_BALANCE);

  const ranked: RankedReward[] = [];
  for (const reward of input.candidates) {
    if (input.dismissed.has(reward.id) || reward.pointsPrice > input.available) continue;
    const before = byReward.get(reward.id)?.redemptions ?? 0;
    if (reward.perMemberLimit !== null && before >= reward.perMemberLimit) continue;
    const prior = (programmeByType.get(reward.type) ?? 1) / programmeTotal;
    const kind =
      ((memberByType.get(reward.type) ?? 0) + R.TYPE_PRIOR_WEIGHT * prior) /
      (memberTotal + R.TYPE_PRIOR_WEIGHT);
    const again = before > 0 ? R.REDEEMED_BEFORE_BOOST : 1;
    const distance = Math.log(Math.max(1, reward.pointsPrice) / level);
    const fit = Math.exp(-(distance * distance) / (2 * R.PRICE_FIT_SIGMA * R.PRICE_FIT_SIGMA));
    const popularity = 1 + Math.log1p(reward.redeemedCount);
    const likelihood = kind * again * fit * popularity;
    const value =
      Math.pow(Math.max(1, reward.pointsPrice), R.VALUE_EXPONENT) *
      (reward.minimumTierCode !== null ? R.TIER_EXCLUSIVE_VALUE : 1);
    const reason =
      before > 0
        ? RewardRankingReason.REDEEMED_BEFORE
        : reward.type === favourite
          ? RewardRankingReason.LIKE_YOUR_REDEMPTIONS
          : reward.minimumTierCode !== null
            ? RewardRankingReason.TIER_EXCLUSIVE
            : RewardRankingReason.AFFORDABLE;
    ranked.push({ rewardId: reward.id, score: likelihood * value, likelihood, value, reason });
  }
  return ranked
    .sort((a, b) => b.score - a.score || a.rewardId - b.rewardId)
    .slice(0, Math.max(0, input.limit));
}
