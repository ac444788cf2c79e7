import { addMonths, nextReviewAfter } from './tier-dates';
import { TierChangeReason, TierRequirement } from './tier.enums';
import {
  decideAssignment,
  decideRelease,
  decideReview,
  decideUpgrade,
  entryStanding,
  gapTo,
  progressOf,
  qualifiedTier,
  type LadderTier,
  type Standing,
} from './tier.rules';

const tier = (id: number, code: string, rank: number, extra: Partial<LadderTier> = {}): LadderTier => ({
  id,
  code,
  rank,
  paid: false,
  requirement: TierRequirement.ANY,
  minSpendMinor: null,
  minOrders: null,
  minPoints: null,
  ...extra,
});

const REGULAR = tier(1, 'REGULAR', 0);
const SILVER = tier(2, 'SILVER', 1, { minSpendMinor: 50_000, minOrders: 5 });
const GOLD = tier(3, 'GOLD', 2, { minSpendMinor: 200_000, minOrders: 15 });
const DIAMOND = tier(4, 'DIAMOND', 3, {
  minSpendMinor: 600_000,
  minOrders: 30,
  requirement: TierRequirement.ALL,
});
const PLUS = tier(5, 'PLUS', 4, { paid: true });
const LADDER = [REGULAR, SILVER, GOLD, DIAMOND, PLUS];
const RULES = { windowMonths: 12, reviewCadenceMonths: 12, graceDays: 30 };

const NOTHING = { spendMinor: 0, orders: 0, points: 0 };
const fig = (spendMinor: number, orders = 0, points = 0) => ({ spendMinor, orders, points });
const JAN = new Date('2025-01-15T10:00:00.000Z');

function onTier(t: LadderTier, reviewAt: Date | null, extra: Partial<Standing> = {}): Standing {
  return {
    tierId: t.id,
    achievedAt: addMonths(JAN, -12),
    reviewAt,
    graceUntil: null,
    manual: false,
    ...extra,
  };
}

describe('tier qualification', () => {
  it('reaches the entry tier with no figures at all', () => {
    expect(qualifiedTier(LADDER, NOTHING)?.code).toBe('REGULAR');
  });

  it('reaches a tier exactly at its threshold and not one minor unit below', () => {
    expect(qualifiedTier(LADDER, fig(50_000))?.code).toBe('SILVER');
    expect(qualifiedTier(LADDER, fig(49_999))?.code).toBe('REGULAR');
  });

  it('needs only one threshold with ANY', () => {
    expect(qualifiedTier(LADDER, fig(0, 15))?.code).toBe('GOLD');
  });

  it('needs every threshold with ALL', () => {
    expect(qualifiedTier(LADDER, fig(600_000, 29))?.code).toBe('GOLD');
    expect(qualifiedTier(LADDER, fig(600_000, 30))?.code).toBe('DIAMOND');
  });

  it('never reaches a paid tier, however high the figures', () => {
    expect(qualifiedTier(LADDER, fig(99_000_000, 999, 999_999))?.code).toBe('DIAMOND');
  });

  it('counts qualifying points as a threshold too', () => {
    const ladder = [REGULAR, tier(9, 'POINTS', 1, { minPoints: 1000 })];
    expect(qualifiedTier(ladder, fig(0, 0, 1000))?.code).toBe('POINTS');
  });
});

describe('upgrades', () => {
  it('upgrades as soon as a threshold is met and starts a new review period', () => {
    const decision = decideUpgrade(LADDER, entryStanding(REGULAR), fig(200_000), JAN, RULES);
    expect(decision?.reason).toBe(TierChangeReason.UPGRADE);
    expect(decision?.to.code).toBe('GOLD');
    expect(decision?.standing).toEqual({
      tierId: GOLD.id,
      achievedAt: JAN,
      reviewAt: addMonths(JAN, 12),
      graceUntil: null,
      manual: false,
    });
  });

  it('never downgrades mid-period, even with no figures', () => {
    expect(decideUpgrade(LADDER, onTier(GOLD, addMonths(JAN, 6)), NOTHING, JAN, RULES)).toBeNull();
  });

  it('does not change a manual assignment', () => {
    const manual = onTier(SILVER, null, { manual: true });
    expect(decideUpgrade(LADDER, manual, fig(9_000_000, 99), JAN, RULES)).toBeNull();
  });

  it('ends a grace period at once when the member meets their tier again', () => {
    const review = addMonths(JAN, -1);
    const inGrace = onTier(SILVER, review, { graceUntil: new Date('2025-02-01T00:00:00.000Z') });
    const decision = decideUpgrade(LADDER, inGrace, fig(0, 5), JAN, RULES);
    expect(decision?.reason).toBe(TierChangeReason.KEPT);
    expect(decision?.standing.graceUntil).toBeNull();
    expect(decision?.standing.reviewAt).toEqual(addMonths(review, 12));
  });
});

describe('periodic review', () => {
  it('is not due before the review date', () => {
    expect(decideReview(LADDER, onTier(SILVER, addMonths(JAN, 1)), NOTHING, JAN, RULES)).toBeNull();
  });

  it('keeps a qualifying member and sets the next review one cadence after the last', () => {
    const review = new Date('2025-01-10T00:00:00.000Z');
    const decision = decideReview(LADDER, onTier(SILVER, review), fig(50_000), JAN, RULES);
    expect(decision?.reason).toBe(TierChangeReason.KEPT);
    expect(decision?.to.code).toBe('SILVER');
    expect(decision?.standing.reviewAt).toEqual(new Date('2026-01-10T00:00:00.000Z'));
  });

  it('starts the grace period for a member below their tier, who keeps the tier', () => {
    const review = new Date('2025-01-10T00:00:00.000Z');
    const decision = decideReview(LADDER, onTier(GOLD, review), fig(50_000), JAN, RULES);
    expect(decision?.reason).toBe(TierChangeReason.GRACE_STARTED);
    expect(decision?.to.code).toBe('GOLD');
    expect(decision?.standing.graceUntil).toEqual(new Date('2025-02-09T00:00:00.000Z'));
    expect(decision?.standing.tierId).toBe(GOLD.id);
  });

  it('gives a full grace period when the job ran later than the grace period', () => {
    const review = addMonths(JAN, -3);
    const decision = decideReview(LADDER, onTier(GOLD, review), NOTHING, JAN, RULES);
    expect(decision?.standing.graceUntil).toEqual(new Date(JAN.getTime() + 30 * 86_400_000));
  });

  it('is not due again during the grace period', () => {
    const inGrace = onTier(GOLD, new Date('2025-01-10T00:00:00.000Z'), {
      graceUntil: new Date('2025-02-09T00:00:00.000Z'),
    });
    expect(decideReview(LADDER, inGrace, NOTHING, JAN, RULES)).toBeNull();
  });

  it('downgrades to the tier the figures reach when the grace period has ended, several steps if need be', () => {
    const inGrace = onTier(DIAMOND, new Date('2024-12-01T00:00:00.000Z'), {
      graceUntil: new Date('2024-12-31T00:00:00.000Z'),
    });
    const toSilver = decideReview(LADDER, inGrace, fig(60_000), JAN, RULES);
    expect(toSilver?.reason).toBe(TierChangeReason.DOWNGRADE);
    expect(toSilver?.to.code).toBe('SILVER');
    expect(toSilver?.standing).toEqual({
      tierId: SILVER.id,
      achievedAt: JAN,
      reviewAt: addMonths(JAN, 12),
      graceUntil: null,
      manual: false,
    });
    const toEntry = decideReview(LADDER, inGrace, NOTHING, JAN, RULES);
    expect(toEntry?.to.code).toBe('REGULAR');
    expect(toEntry?.standing.reviewAt).toBeNull();
  });

  it('keeps a member who qualifies again by the end of the grace period', () => {
    const inGrace = onTier(GOLD, new Date('2024-12-01T00:00:00.000Z'), {
      graceUntil: new Date('2024-12-31T00:00:00.000Z'),
    });
    const decision = decideReview(LADDER, inGrace, fig(0, 15), JAN, RULES);
    expect(decision?.reason).toBe(TierChangeReason.KEPT);
    expect(decision?.standing.reviewAt).toEqual(new Date('2025-12-01T00:00:00.000Z'));
  });

  it('downgrades at the review itself when the programme has no grace period', () => {
    const decision = decideReview(LADDER, onTier(GOLD, addMonths(JAN, -1)), NOTHING, JAN, {
      ...RULES,
      graceDays: 0,
    });
    expect(decision?.reason).toBe(TierChangeReason.DOWNGRADE);
  });

  it('never reviews a manual assignment', () => {
    const manual = onTier(PLUS, addMonths(JAN, -1), { manual: true });
    expect(decideReview(LADDER, manual, NOTHING, JAN, RULES)).toBeNull();
  });
});

describe('manual assignment and release', () => {
  it('assigns any tier, paid ones included, and locks it', () => {
    const decision = decideAssignment(LADDER, entryStanding(REGULAR), PLUS, JAN);
    expect(decision.reason).toBe(TierChangeReason.MANUAL);
    expect(decision.standing).toMatchObject({ tierId: PLUS.id, manual: true, reviewAt: null });
  });

  it('hands the member back to the rules on release, down to what the figures reach', () => {
    const decision = decideRelease(LADDER, onTier(PLUS, null, { manual: true }), fig(50_000), JAN, RULES);
    expect(decision.reason).toBe(TierChangeReason.RELEASED);
    expect(decision.to.code).toBe('SILVER');
    expect(decision.standing).toMatchObject({ manual: false, reviewAt: addMonths(JAN, 12) });
  });
});

describe('progress', () => {
  it('with ANY shows each threshold that alone would reach the next tier', () => {
    expect(gapTo(GOLD, fig(150_000, 4))).toEqual({
      requirement: TierRequirement.ANY,
      met: false,
      spendMinor: 50_000,
      orders: 11,
      points: null,
    });
  });

  it('with ALL shows what is missing on every threshold, and nothing for one already met', () => {
    expect(gapTo(DIAMOND, fig(700_000, 20))).toEqual({
      requirement: TierRequirement.ALL,
      met: false,
      spendMinor: 0,
      orders: 10,
      points: null,
    });
  });

  it('with ANY shows nothing missing once one threshold is met', () => {
    expect(gapTo(SILVER, fig(0, 6))).toMatchObject({ met: true, spendMinor: 0, orders: 0 });
  });
});

describe('review dates', () => {
  it('stay on the member schedule when the job runs late', () => {
    const review = new Date('2023-03-31T00:00:00.000Z');
    expect(nextReviewAfter(review, 12, new Date('2024-04-15T00:00:00.000Z'))).toEqual(
      new Date('2025-03-31T00:00:00.000Z'),
    );
  });

  it('clamp to the end of a shorter month', () => {
    expect(addMonths(new Date('2025-01-31T12:00:00.000Z'), 1)).toEqual(new Date('2025-02-28T12:00:00.000Z'));
  });
});

describe('progress of a member', () => {
  it('shows the next earnable tier, what it lacks, and what keeping the current tier needs by the review', () => {
    const review = addMonths(JAN, 3);
    const progress = progressOf(LADDER, onTier(GOLD, review), fig(150_000, 12));
    expect(progress.current.code).toBe('GOLD');
    expect(progress.next?.code).toBe('DIAMOND');
    expect(progress.missingForNext).toEqual({
      requirement: TierRequirement.ALL,
      met: false,
      spendMinor: 450_000,
      orders: 18,
      points: null,
    });
    expect(progress.neededToKeep).toEqual({
      requirement: TierRequirement.ANY,
      met: false,
      spendMinor: 50_000,
      orders: 3,
      points: null,
    });
    expect(progress.keepBy).toEqual(review);
  });

  it('names the end of the grace period as the date to keep the tier by', () => {
    const graceUntil = addMonths(JAN, 1);
    const progress = progressOf(LADDER, onTier(SILVER, JAN, { graceUntil }), NOTHING);
    expect(progress.keepBy).toEqual(graceUntil);
  });

  it('has no next tier at the top of the earned ladder: paid tiers are not earned', () => {
    const progress = progressOf(LADDER, onTier(DIAMOND, addMonths(JAN, 3)), NOTHING);
    expect(progress.next).toBeNull();
    expect(progress.missingForNext).toBeNull();
  });

  it('asks nothing to keep the entry tier or a manual assignment', () => {
    expect(progressOf(LADDER, entryStanding(REGULAR), NOTHING).neededToKeep).toBeNull();
    expect(progressOf(LADDER, onTier(GOLD, null, { manual: true }), NOTHING).neededToKeep).toBeNull();
  });
});
