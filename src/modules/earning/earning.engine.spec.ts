import { EarningRuleKind } from './earning-rule.enums';
import { basket, baseRate, line, rule } from './earning-rule.fixtures';
import { evaluateBasket } from './earning.engine';

const GOLD = { code: 'GOLD', name: 'Gold', earnMultiplier: 1.5 };

describe('earning engine', () => {
  it('gives the base rate per currency unit of the line totals', () => {
    const result = evaluateBasket([baseRate(1)], basket([line('A', 4590), line('B', 1000)]));
    expect(result.points).toBe(55);
    expect(result.explanation.rules).toEqual([
      expect.objectContaining({ kind: 'BASE_RATE', version: 1, points: 55.9 }),
    ]);
  });

  it('rounds down once, at the end, not per line', () => {
    // 0.6 + 0.6 = 1.2 → 1; rounding each line first would give 0.
    const result = evaluateBasket([baseRate(1)], basket([line('A', 60), line('B', 60)]));
    expect(result.points).toBe(1);
    expect(result.explanation.steps.at(-1)).toBe('Total 1.2, rounded down once: 1 pts');
  });

  it('does not lose a point to floating-point noise', () => {
    // 1.15 × 100 is 114.99999999999999 in binary arithmetic.
    const result = evaluateBasket([baseRate(1.15)], basket([line('A', 10000)]));
    expect(result.points).toBe(115);
  });

  it('counts negative line totals as nothing spent', () => {
    const result = evaluateBasket([baseRate(1)], basket([line('A', 1000), line('B', -500)]));
    expect(result.points).toBe(10);
  });

  it('multiplies only the base points of lines in the category', () => {
    const rules = [
      baseRate(1),
      rule(EarningRuleKind.CATEGORY_MULTIPLIER, { multiplier: 3, categories: ['shoes'] }),
    ];
    const result = evaluateBasket(
      rules,
      basket([line('A', 1000, { category: 'shoes' }), line('B', 1000, { category: 'bags' })]),
    );
    expect(result.points).toBe(40); // 10 × 3 + 10
  });

  it('adds the increments of multipliers in the same stage instead of multiplying them', () => {
    const rules = [
      baseRate(1),
      rule(EarningRuleKind.CATEGORY_MULTIPLIER, { multiplier: 2, categories: ['shoes'] }),
      rule(EarningRuleKind.SKU_MULTIPLIER, { multiplier: 3, skus: ['A'] }),
    ];
    const result = evaluateBasket(rules, basket([line('A', 1000, { category: 'shoes' })]));
    expect(result.points).toBe(40); // 10 × (1 + 1 + 2), not 10 × 6
  });

  it('multiplies across stages: line bonus, order campaign and tier', () => {
    const rules = [
      baseRate(1),
      rule(EarningRuleKind.SKU_MULTIPLIER, { multiplier: 2, skus: ['A'] }),
      rule(EarningRuleKind.ORDER_MULTIPLIER, { multiplier: 2 }),
    ];
    const result = evaluateBasket(rules, basket([line('A', 1000)], { tier: GOLD }));
    expect(result.points).toBe(60); // 10 × 2 × 2 × 1.5
  });

  it('adds fixed points per item of matching lines, and order campaigns multiply them', () => {
    const rules = [
      baseRate(1),
      rule(EarningRuleKind.CATEGORY_FIXED, { pointsPerItem: 25, categories: ['eco'] }),
      rule(EarningRuleKind.SKU_FIXED, { pointsPerItem: 5, skus: ['B'] }),
      rule(EarningRuleKind.ORDER_MULTIPLIER, { multiplier: 2 }),
    ];
    const result = evaluateBasket(
      rules,
      basket([line('A', 1000, { category: 'eco', quantity: 2 }), line('B', 500, { quantity: 3 })]),
    );
    // A: 10 + 2 × 25 = 60; B: 5 + 3 × 5 = 20; × 2 = 160
    expect(result.points).toBe(160);
  });

  it('adds an order bonus after every multiplier, and only above the minimum total', () => {
    const bonus = rule(EarningRuleKind.ORDER_FIXED, { points: 100, minimumOrderTotalMinor: 5000 });
    const rules = [baseRate(1), rule(EarningRuleKind.ORDER_MULTIPLIER, { multiplier: 2 }), bonus];
    expect(evaluateBasket(rules, basket([line('A', 5000)], { tier: GOLD })).points).toBe(250); // 50 × 2 × 1.5 + 100
    expect(evaluateBasket(rules, basket([line('A', 4999)], { tier: GOLD })).points).toBe(149); // 49.99 × 3
  });

  it('applies the tier multiplier as a step of its own, not as a rule', () => {
    const result = evaluateBasket([baseRate(1)], basket([line('A', 4590)], { tier: GOLD }));
    expect(result.points).toBe(68); // 45.9 × 1.5 = 68.85
    expect(result.explanation.rules.at(-1)).toEqual(
      expect.objectContaining({ ruleId: null, kind: 'TIER_MULTIPLIER', name: 'Gold tier ×1.5' }),
    );
  });

  it('lists each rule with its id and version, and their points add up to the total before rounding', () => {
    const rules = [
      baseRate(1, { id: 501, version: 4 }),
      rule(
        EarningRuleKind.CATEGORY_MULTIPLIER,
        { multiplier: 2, categories: ['shoes'] },
        { id: 502, version: 2 },
      ),
      rule(EarningRuleKind.ORDER_MULTIPLIER, { multiplier: 2 }, { id: 503 }),
      rule(EarningRuleKind.ORDER_FIXED, { points: 7 }, { id: 504 }),
    ];
    const result = evaluateBasket(rules, basket([line('A', 1234, { category: 'shoes' })], { tier: GOLD }));
    const { rules: explained } = result.explanation;
    expect(explained.map((r) => [r.ruleId, r.version])).toEqual([
      [501, 4],
      [502, 2],
      [503, 1],
      [null, 0],
      [504, 1],
    ]);
    const sum = explained.reduce((total, r) => total + r.points, 0);
    expect(sum).toBeCloseTo(12.34 * 2 * 2 * 1.5 + 7, 6);
    expect(result.points).toBe(Math.floor(sum));
    expect(result.explanation.inputs).toEqual(
      expect.objectContaining({ totalMinor: 1234, channel: 'online-store' }),
    );
  });

  describe('priority and exclusivity', () => {
    it('stops lower-priority rules of the same stage when an exclusive rule applies', () => {
      const rules = [
        baseRate(1),
        rule(
          EarningRuleKind.ORDER_MULTIPLIER,
          { multiplier: 3 },
          { priority: 10, stacking: 'EXCLUSIVE', id: 900 },
        ),
        rule(EarningRuleKind.ORDER_MULTIPLIER, { multiplier: 2 }, { priority: 5, id: 901 }),
        rule(EarningRuleKind.ORDER_FIXED, { points: 50 }, { priority: 1, id: 902 }),
      ];
      const result = evaluateBasket(rules, basket([line('A', 1000)]));
      expect(result.points).toBe(30);
      expect(result.explanation.steps).toContain(
        '#901 "ORDER_MULTIPLIER 901" v1 not applied: #900 "ORDER_MULTIPLIER 900" v1 is exclusive',
      );
    });

    it('keeps rules of higher priority that applied before the exclusive one', () => {
      const rules = [
        baseRate(1),
        rule(EarningRuleKind.ORDER_MULTIPLIER, { multiplier: 2 }, { priority: 20 }),
        rule(EarningRuleKind.ORDER_MULTIPLIER, { multiplier: 3 }, { priority: 10, stacking: 'EXCLUSIVE' }),
      ];
      expect(evaluateBasket(rules, basket([line('A', 1000)])).points).toBe(40); // 10 × (1 + 1 + 2)
    });

    it('orders equal priorities by id, whatever order the rules arrive in', () => {
      const first = rule(EarningRuleKind.ORDER_FIXED, { points: 10 }, { id: 10, stacking: 'EXCLUSIVE' });
      const second = rule(EarningRuleKind.ORDER_FIXED, { points: 99 }, { id: 11, stacking: 'EXCLUSIVE' });
      expect(evaluateBasket([second, first], basket([line('A', 0)])).points).toBe(10);
      expect(evaluateBasket([first, second], basket([line('A', 0)])).points).toBe(10);
    });

    it('does not let an exclusive rule of one stage stop rules of another stage', () => {
      const rules = [
        baseRate(1, { stacking: 'EXCLUSIVE', priority: 100 }),
        rule(EarningRuleKind.ORDER_FIXED, { points: 5 }),
      ];
      expect(evaluateBasket(rules, basket([line('A', 1000)])).points).toBe(15);
    });

    it('lets a higher-priority exclusive base rate replace the default one', () => {
      const rules = [
        baseRate(1),
        baseRate(2, {
          priority: 10,
          stacking: 'EXCLUSIVE',
          targeting: { tierCodes: [], channels: ['app'], storeIds: [] },
        }),
      ];
      expect(evaluateBasket(rules, basket([line('A', 1000)], { channel: 'app' })).points).toBe(20);
      expect(evaluateBasket(rules, basket([line('A', 1000)], { channel: 'pos' })).points).toBe(10);
    });

    it('judges line exclusivity per line', () => {
      const rules = [
        baseRate(1),
        rule(
          EarningRuleKind.CATEGORY_MULTIPLIER,
          { multiplier: 3, categories: ['shoes'] },
          { priority: 5, stacking: 'EXCLUSIVE' },
        ),
        rule(EarningRuleKind.SKU_FIXED, { pointsPerItem: 4, skus: ['A', 'B'] }),
      ];
      const result = evaluateBasket(
        rules,
        basket([line('A', 1000, { category: 'shoes' }), line('B', 1000, { category: 'bags' })]),
      );
      expect(result.points).toBe(44); // A: 30 (fixed excluded); B: 10 + 4
    });
  });

  describe('campaign windows', () => {
    const at = new Date('2026-03-10T12:00:00Z');
    const campaign = (startsAt: Date | null, endsAt: Date | null) => [
      baseRate(1),
      rule(EarningRuleKind.ORDER_MULTIPLIER, { multiplier: 2 }, { startsAt, endsAt }),
    ];

    it('applies a campaign from its start, inclusive', () => {
      expect(evaluateBasket(campaign(at, null), basket([line('A', 1000)], { at })).points).toBe(20);
    });

    it('does not apply a campaign at its end, exclusive', () => {
      expect(evaluateBasket(campaign(null, at), basket([line('A', 1000)], { at })).points).toBe(10);
    });

    it('does not apply a campaign before it starts or after it ended', () => {
      const before = new Date(at.getTime() - 1);
      expect(evaluateBasket(campaign(at, null), basket([line('A', 1000)], { at: before })).points).toBe(10);
      const later = new Date('2026-04-01T00:00:00Z');
      expect(evaluateBasket(campaign(at, later), basket([line('A', 1000)], { at: later })).points).toBe(10);
    });

    it('ignores inactive rules', () => {
      const rules = [baseRate(1), rule(EarningRuleKind.ORDER_FIXED, { points: 50 }, { active: false })];
      expect(evaluateBasket(rules, basket([line('A', 1000)])).points).toBe(10);
    });
  });

  describe('member days', () => {
    const memberDay = (parameters: object) => [
      baseRate(1),
      rule(EarningRuleKind.ORDER_MULTIPLIER, { multiplier: 2, ...parameters }),
    ];

    it('doubles points on the day of the week only', () => {
      const rules = memberDay({ daysOfWeek: [2] }); // Tuesday
      expect(
        evaluateBasket(rules, basket([line('A', 1000)], { at: new Date('2026-03-10T12:00:00Z') })).points,
      ).toBe(20);
      expect(
        evaluateBasket(rules, basket([line('A', 1000)], { at: new Date('2026-03-11T12:00:00Z') })).points,
      ).toBe(10);
    });

    it('doubles points on the day of the month only', () => {
      const rules = memberDay({ daysOfMonth: [8] });
      expect(
        evaluateBasket(rules, basket([line('A', 1000)], { at: new Date('2026-03-08T23:59:59Z') })).points,
      ).toBe(20);
      expect(
        evaluateBasket(rules, basket([line('A', 1000)], { at: new Date('2026-03-09T00:00:00Z') })).points,
      ).toBe(10);
    });

    it('counts the day in the rule’s time zone', () => {
      const rules = memberDay({ daysOfMonth: [8], timeZone: 'Asia/Shanghai' });
      // 2026-03-07T16:30Z is 00:30 on the 8th in Shanghai.
      expect(
        evaluateBasket(rules, basket([line('A', 1000)], { at: new Date('2026-03-07T16:30:00Z') })).points,
      ).toBe(20);
      expect(
        evaluateBasket(rules, basket([line('A', 1000)], { at: new Date('2026-03-08T16:30:00Z') })).points,
      ).toBe(10);
    });

    it('matches when either the weekday or the day of the month matches', () => {
      const rules = memberDay({ daysOfWeek: [5], daysOfMonth: [8] });
      expect(
        evaluateBasket(rules, basket([line('A', 1000)], { at: new Date('2026-03-13T12:00:00Z') })).points,
      ).toBe(20); // Friday
      expect(
        evaluateBasket(rules, basket([line('A', 1000)], { at: new Date('2026-03-08T12:00:00Z') })).points,
      ).toBe(20); // the 8th
      expect(
        evaluateBasket(rules, basket([line('A', 1000)], { at: new Date('2026-03-09T12:00:00Z') })).points,
      ).toBe(10);
    });
  });

  describe('targeting', () => {
    const targeted = (targeting: { tierCodes?: string[]; channels?: string[]; storeIds?: string[] }) => [
      baseRate(1),
      rule(
        EarningRuleKind.ORDER_FIXED,
        { points: 100 },
        {
          targeting: { tierCodes: [], channels: [], storeIds: [], ...targeting },
        },
      ),
    ];

    it('applies a tier-targeted rule only to members of those tiers', () => {
      const rules = targeted({ tierCodes: ['GOLD', 'DIAMOND'] });
      expect(evaluateBasket(rules, basket([line('A', 1000)], { tier: GOLD })).points).toBe(115);
      expect(
        evaluateBasket(
          rules,
          basket([line('A', 1000)], { tier: { code: 'SILVER', name: 'Silver', earnMultiplier: 1 } }),
        ).points,
      ).toBe(10);
      expect(evaluateBasket(rules, basket([line('A', 1000)], { tier: null })).points).toBe(10);
    });

    it('applies a channel-targeted rule only in those channels', () => {
      const rules = targeted({ channels: ['pos'] });
      expect(evaluateBasket(rules, basket([line('A', 1000)], { channel: 'pos' })).points).toBe(110);
      expect(evaluateBasket(rules, basket([line('A', 1000)], { channel: 'online-store' })).points).toBe(10);
    });

    it('applies a store-targeted rule only in those stores, never to orders without a store', () => {
      const rules = targeted({ storeIds: ['berlin-1'] });
      expect(evaluateBasket(rules, basket([line('A', 1000)], { storeId: 'berlin-1' })).points).toBe(110);
      expect(evaluateBasket(rules, basket([line('A', 1000)], { storeId: 'paris-2' })).points).toBe(10);
      expect(evaluateBasket(rules, basket([line('A', 1000)], { storeId: null })).points).toBe(10);
    });

    it('requires every targeted dimension to match', () => {
      const rules = targeted({ channels: ['pos'], storeIds: ['berlin-1'] });
      expect(
        evaluateBasket(rules, basket([line('A', 1000)], { channel: 'pos', storeId: 'berlin-1' })).points,
      ).toBe(110);
      expect(
        evaluateBasket(rules, basket([line('A', 1000)], { channel: 'online-store', storeId: 'berlin-1' }))
          .points,
      ).toBe(10);
    });
  });

  it('earns nothing without rules, and explains so', () => {
    const result = evaluateBasket([], basket([line('A', 1000)]));
    expect(result.points).toBe(0);
    expect(result.explanation.rules).toEqual([]);
    expect(result.explanation.summary).toContain('0 pts');
  });
});
