import { LifecycleStage } from './insight.enums';
import { memberFacts, type MemberOrder } from './lifecycle.rules';

const settings = {
  decliningAfterCadences: 1.5,
  churnedAfterCadences: 3,
  defaultCadenceDays: 60,
  matureOrders: 5,
  clvYears: 3,
};
const now = new Date('2026-06-01T00:00:00Z');
const daysAgo = (days: number, netMinor = 2000, storeId: string | null = 'berlin-1'): MemberOrder => ({
  at: new Date(now.getTime() - days * 86_400_000),
  netMinor,
  channel: 'pos',
  storeId,
});

describe('lifecycle stage, churn risk and CLV', () => {
  it('calls a member without orders NEW and leaves their figures empty', () => {
    expect(memberFacts([], now, settings)).toMatchObject({ stage: 'NEW', churnRisk: null, clvMinor: null });
  });

  it('judges a single order by the default cadence: NEW, then DECLINING after 90 days, CHURNED after 180', () => {
    expect(memberFacts([daysAgo(30)], now, settings).stage).toBe(LifecycleStage.NEW);
    expect(memberFacts([daysAgo(91)], now, settings).stage).toBe(LifecycleStage.DECLINING);
    expect(memberFacts([daysAgo(181)], now, settings).stage).toBe(LifecycleStage.CHURNED);
  });

  it("uses the member's own cadence: monthly buyers grow, mature, decline and churn on their rhythm", () => {
    const monthly = (count: number, lastDaysAgo: number) =>
      Array.from({ length: count }, (_, i) => daysAgo(lastDaysAgo + (count - 1 - i) * 30));
    expect(memberFacts(monthly(3, 10), now, settings).stage).toBe(LifecycleStage.GROWING);
    expect(memberFacts(monthly(5, 10), now, settings).stage).toBe(LifecycleStage.MATURE);
    expect(memberFacts(monthly(5, 46), now, settings).stage).toBe(LifecycleStage.DECLINING); // 46 / 30 > 1.5
    expect(memberFacts(monthly(5, 91), now, settings).stage).toBe(LifecycleStage.CHURNED); // 91 / 30 > 3
  });

  it('calls a member back after a gap longer than the churn threshold REACTIVATED', () => {
    // Orders every 20 days, then nothing for 200 days (> 3 × 20), then one order 5 days ago.
    const facts = memberFacts([daysAgo(245), daysAgo(225), daysAgo(205), daysAgo(5)], now, settings);
    expect(facts.stage).toBe(LifecycleStage.REACTIVATED);
  });

  it('computes churn risk, CLV, the home store and the main channel by the documented formulas', () => {
    // Gaps 30 and 30 days → cadence 30; last order 60 days ago → ratio 2 → 0.7 × (1 − e^−1) = 0.4425.
    // All three orders within the last year, none before: no trend part. Risk 0.44.
    // AOV (1000 + 2000 + 3000) / 3 = 2000; 3 orders over max(1, 0.33 years) = 3 a year; CLV = 2000 × 3 × 3.
    const facts = memberFacts(
      [daysAgo(120, 1000, 'munich-1'), daysAgo(90, 2000, 'berlin-1'), daysAgo(60, 3000, 'berlin-1')],
      now,
      settings,
    );
    expect(facts).toEqual({
      orderCount: 3,
      firstOrderAt: daysAgo(120).at,
      lastOrderAt: daysAgo(60).at,
      recencyDays: 60,
      monetaryMinor: 6000,
      averageOrderValueMinor: 2000,
      cadenceDays: 30,
      stage: LifecycleStage.DECLINING,
      churnRisk: 0.44,
      clvMinor: 18000,
      homeStoreId: 'berlin-1',
      mainChannel: 'pos',
    });
  });

  it('adds the frequency trend to churn risk: two orders the year before and none since', () => {
    // Orders 400 and 370 days ago: cadence 30, ratio 370 / 30 → recency part ≈ 0.7; trend (2 − 0) / 2 = 1 → 0.3.
    const facts = memberFacts([daysAgo(400), daysAgo(370)], now, settings);
    expect(facts.churnRisk).toBe(1);
    expect(facts.stage).toBe(LifecycleStage.CHURNED);
  });
});
