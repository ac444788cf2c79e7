import { Behaviour } from './behaviour';
import {
  behaviourCandidates,
  capWindow,
  planBehaviourAward,
  type BehaviourRequest,
} from './behaviour-award.rules';
import { EarningRuleKind } from './earning-rule.enums';
import { rule } from './earning-rule.fixtures';
import type { EarningRuleDefinition } from './earning-rule.parameters';

const at = new Date('2026-03-11T10:00:00Z'); // a Wednesday
const request = (overrides: Partial<BehaviourRequest> = {}): BehaviourRequest => ({
  behaviour: Behaviour.REVIEW_WRITTEN,
  reference: 'review:1',
  at,
  tierCode: null,
  channel: null,
  storeId: null,
  ...overrides,
});
const behaviourRule = (
  parameters: Partial<EarningRuleDefinition['parameters']>,
  overrides: Partial<EarningRuleDefinition> = {},
) =>
  rule(
    EarningRuleKind.BEHAVIOUR,
    { behaviour: Behaviour.REVIEW_WRITTEN, points: 20, ...parameters },
    overrides,
  );

function plan(
  rules: EarningRuleDefinition[],
  earlier: Date[] = [],
  overrides: Partial<BehaviourRequest> = {},
) {
  const req = request(overrides);
  return planBehaviourAward(behaviourCandidates(rules, req), req, earlier);
}

describe('behaviour awards', () => {
  it('pays the points of the rule for that behaviour only', () => {
    const rules = [behaviourRule({}), behaviourRule({ behaviour: Behaviour.SURVEY_COMPLETED, points: 50 })];
    const result = plan(rules);
    expect(result.points).toBe(20);
    expect(result.explanation.rules).toEqual([
      expect.objectContaining({ ruleId: rules[0].id, version: 1, points: 20 }),
    ]);
  });

  it('answers zero and records nothing when no rule rewards the behaviour', () => {
    const result = plan([behaviourRule({ behaviour: Behaviour.SOCIAL_SHARE })]);
    expect(result).toEqual(expect.objectContaining({ points: 0, anyRule: false }));
    expect(result.explanation.summary).toContain('no rule');
  });

  it('adds combinable rules together', () => {
    expect(plan([behaviourRule({ points: 20 }), behaviourRule({ points: 5 })]).points).toBe(25);
  });

  it('lets a higher-priority exclusive rule replace the rules after it', () => {
    const everyone = behaviourRule({ behaviour: Behaviour.BIRTHDAY, points: 200 });
    const gold = behaviourRule(
      { behaviour: Behaviour.BIRTHDAY, points: 500 },
      {
        priority: 10,
        stacking: 'EXCLUSIVE',
        targeting: { tierCodes: ['GOLD', 'DIAMOND'], channels: [], storeIds: [] },
      },
    );
    expect(plan([everyone, gold], [], { behaviour: Behaviour.BIRTHDAY, tierCode: 'GOLD' }).points).toBe(500);
    expect(plan([everyone, gold], [], { behaviour: Behaviour.BIRTHDAY, tierCode: 'SILVER' }).points).toBe(
      200,
    );
    expect(plan([everyone, gold], [], { behaviour: Behaviour.BIRTHDAY, tierCode: null }).points).toBe(200);
  });

  it('pays until the daily cap is reached, then nothing that day, and again the next day', () => {
    const rules = [behaviourRule({ capPerDay: 1 })];
    expect(plan(rules, []).points).toBe(20);
    const capped = plan(rules, [new Date('2026-03-11T08:00:00Z')]);
    expect(capped).toEqual(expect.objectContaining({ points: 0, anyRule: true }));
    expect(capped.capped).toHaveLength(1);
    expect(capped.explanation.steps[0]).toContain('cap reached (1 of 1 per day)');
    expect(plan(rules, [new Date('2026-03-10T23:59:59Z')]).points).toBe(20);
  });

  it('counts a weekly cap over the ISO week from Monday', () => {
    const rules = [behaviourRule({ capPerWeek: 3 })];
    const thisWeek = ['2026-03-09T00:00:00Z', '2026-03-10T12:00:00Z', '2026-03-11T09:00:00Z'].map(
      (d) => new Date(d),
    );
    expect(plan(rules, thisWeek).points).toBe(0);
    expect(plan(rules, thisWeek.slice(1)).points).toBe(20);
    const lastSunday = new Date('2026-03-08T23:59:59Z');
    expect(plan(rules, [lastSunday, ...thisWeek.slice(1)]).points).toBe(20);
  });

  it('counts a monthly cap over the calendar month', () => {
    const rules = [behaviourRule({ capPerMonth: 2 })];
    expect(plan(rules, [new Date('2026-03-01T00:00:00Z'), new Date('2026-03-02T00:00:00Z')]).points).toBe(0);
    expect(plan(rules, [new Date('2026-02-28T23:00:00Z'), new Date('2026-03-02T00:00:00Z')]).points).toBe(20);
  });

  it('counts cap periods in the rule’s time zone', () => {
    const rules = [behaviourRule({ capPerDay: 1, timeZone: 'Asia/Shanghai' })];
    // At 10:00Z it is 18:00 on the 11th in Shanghai; 2026-03-10T17:00Z was already 01:00 on the 11th there.
    expect(plan(rules, [new Date('2026-03-10T17:00:00Z')]).points).toBe(0);
    expect(plan(rules, [new Date('2026-03-10T15:00:00Z')]).points).toBe(20);
  });

  it('lets a lower-priority fallback pay when the exclusive main rule is capped', () => {
    const main = behaviourRule({ points: 20, capPerDay: 1 }, { priority: 10, stacking: 'EXCLUSIVE' });
    const fallback = behaviourRule({ points: 5 });
    expect(plan([main, fallback]).points).toBe(20);
    const result = plan([main, fallback], [new Date('2026-03-11T08:00:00Z')]);
    expect(result.points).toBe(5);
    expect(result.capped.map((r) => r.id)).toEqual([main.id]);
  });

  it('applies targeting by channel and store, and the campaign window', () => {
    const rules = [
      behaviourRule({}, { targeting: { tierCodes: [], channels: ['pos'], storeIds: ['berlin-1'] } }),
      behaviourRule({ points: 7 }, { startsAt: new Date('2026-04-01T00:00:00Z') }),
    ];
    expect(plan(rules, [], { channel: 'pos', storeId: 'berlin-1' }).points).toBe(20);
    expect(plan(rules, [], { channel: 'pos', storeId: 'paris-1' }).points).toBe(0);
    expect(
      plan(rules, [], { channel: 'pos', storeId: 'berlin-1', at: new Date('2026-04-01T00:00:00Z') }).points,
    ).toBe(27);
  });

  it('asks for earlier awards only over the span its caps need', () => {
    expect(capWindow([behaviourRule({})], at)).toBeNull();
    expect(capWindow([behaviourRule({ capPerDay: 1 }), behaviourRule({ capPerWeek: 3 })], at)).toEqual({
      start: new Date('2026-03-09T00:00:00Z'),
      end: new Date('2026-03-16T00:00:00Z'),
    });
  });
});
