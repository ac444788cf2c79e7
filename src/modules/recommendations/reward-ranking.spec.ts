import { rankRewards, RewardRankingReason, type RewardCandidate } from './reward-ranking';

function reward(id: number, values: Partial<RewardCandidate> = {}): RewardCandidate {
  return {
    id,
    type: 'COUPON',
    pointsPrice: 100,
    minimumTierCode: null,
    redeemedCount: 0,
    perMemberLimit: null,
    ...values,
  };
}

const rank = (input: Partial<Parameters<typeof rankRewards>[0]>) =>
  rankRewards({ candidates: [], redeemed: [], available: 1000, dismissed: new Set(), limit: 10, ...input });

describe('reward ranking', () => {
  it('is not "tier-exclusive first, then most expensive": with no history, a price near half the balance wins', () => {
    const ranked = rank({
      available: 1000,
      candidates: [
        reward(1, { pointsPrice: 1000 }),
        reward(2, { pointsPrice: 500 }),
        reward(3, { pointsPrice: 20, minimumTierCode: 'GOLD' }),
      ],
    });
    expect(ranked.map((r) => r.rewardId)).toEqual([2, 1, 3]);
    expect(ranked.map((r) => r.reason)).toEqual([
      RewardRankingReason.AFFORDABLE,
      RewardRankingReason.AFFORDABLE,
      RewardRankingReason.TIER_EXCLUSIVE,
    ]);
  });

  it('puts the kind the member redeems and the price level they redeem at first', () => {
    const ranked = rank({
      available: 2000,
      candidates: [
        reward(1, { type: 'COUPON', pointsPrice: 300 }),
        reward(2, { type: 'PARTNER_VOUCHER', pointsPrice: 300 }),
        reward(3, { type: 'PARTNER_VOUCHER', pointsPrice: 1900 }),
      ],
      redeemed: [{ rewardId: 9, type: 'PARTNER_VOUCHER', redemptions: 3, pointsSpent: 900 }],
    });
    expect(ranked.map((r) => [r.rewardId, r.reason])).toEqual([
      [2, RewardRankingReason.LIKE_YOUR_REDEMPTIONS],
      [3, RewardRankingReason.LIKE_YOUR_REDEMPTIONS],
      [1, RewardRankingReason.AFFORDABLE],
    ]);
  });

  it('favours a reward redeemed before, and leaves out one at its per-member limit', () => {
    const ranked = rank({
      candidates: [
        reward(1, { pointsPrice: 400 }),
        reward(2, { pointsPrice: 400 }),
        reward(3, { pointsPrice: 400, perMemberLimit: 1 }),
      ],
      redeemed: [
        { rewardId: 2, type: 'COUPON', redemptions: 1, pointsSpent: 400 },
        { rewardId: 3, type: 'COUPON', redemptions: 1, pointsSpent: 400 },
      ],
    });
    expect(ranked.map((r) => [r.rewardId, r.reason])).toEqual([
      [2, RewardRankingReason.REDEEMED_BEFORE],
      [1, RewardRankingReason.LIKE_YOUR_REDEMPTIONS],
    ]);
  });

  it("weighs what members redeem and the programme's value, and only the balance bounds the price", () => {
    const popular = rank({
      candidates: [reward(1, { pointsPrice: 500 }), reward(2, { pointsPrice: 500, redeemedCount: 50 })],
    });
    expect(popular.map((r) => r.rewardId)).toEqual([2, 1]);
    // Same likelihood (no history, prices equally far from the level in log terms): the value decides.
    const valued = rank({
      available: 1000,
      candidates: [reward(1, { pointsPrice: 250 }), reward(2, { pointsPrice: 1000 })],
    });
    expect(valued[0].likelihood).toBeCloseTo(valued[1].likelihood, 10);
    expect(valued.map((r) => r.rewardId)).toEqual([2, 1]);
    const tier = rank({
      candidates: [reward(1, { pointsPrice: 500 }), reward(2, { pointsPrice: 500, minimumTierCode: 'GOLD' })],
    });
    expect(tier.map((r) => r.rewardId)).toEqual([2, 1]);
    expect(rank({ available: 99, candidates: [reward(1)] })).toEqual([]);
  });

  it('drops dismissed rewards and keeps to the limit, ties by id', () => {
    const ranked = rank({
      candidates: [reward(3), reward(1), reward(2)],
      dismissed: new Set([1]),
      limit: 1,
    });
    expect(ranked.map((r) => r.rewardId)).toEqual([2]);
  });
});
