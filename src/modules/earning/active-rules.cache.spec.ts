import { ActiveRulesCache } from './active-rules.cache';
import { baseRate } from './earning-rule.fixtures';
import type { EarningRuleDefinition } from './earning-rule.parameters';

const manager = {} as never;

describe('active rules cache', () => {
  it('serves from memory within its time to live and reloads after it', async () => {
    let now = 0;
    let loads = 0;
    const cache = new ActiveRulesCache(
      async () => [baseRate(++loads)],
      1000,
      () => now,
    );
    await cache.get(manager);
    now = 999;
    await cache.get(manager);
    expect(loads).toBe(1);
    now = 1000;
    await cache.get(manager);
    expect(loads).toBe(2);
  });

  it('reloads at once after an invalidation', async () => {
    let loads = 0;
    const cache = new ActiveRulesCache(async () => [baseRate(++loads)], 60_000);
    await cache.get(manager);
    cache.invalidate();
    const rules = await cache.get(manager);
    expect(loads).toBe(2);
    expect(rules[0].parameters.pointsPerUnit).toBe(2);
  });

  it('does not keep what a load read if the rules changed while it ran', async () => {
    let release: (rules: EarningRuleDefinition[]) => void = () => undefined;
    let loads = 0;
    const cache = new ActiveRulesCache(() => {
      loads += 1;
      return new Promise<EarningRuleDefinition[]>((resolve) => (release = resolve));
    }, 60_000);
    const pending = cache.get(manager);
    cache.invalidate();
    release([baseRate(1)]);
    await pending;
    const next = cache.get(manager);
    release([baseRate(2)]);
    expect((await next)[0].parameters.pointsPerUnit).toBe(2);
    expect(loads).toBe(2);
  });
});
