import type { EntityManager } from 'typeorm';
import type { EarningRuleDefinition } from './earning-rule.parameters';

/**
 * Active rules kept in memory for a few seconds: every order and behaviour award needs them, and they
 * change rarely. A change made through this process invalidates at once; another instance's change
 * is seen within `ttlMs`. A load that started before an invalidation does not refill the cache with
 * what it read.
 */
export class ActiveRulesCache {
  private cached: { loadedAt: number; rules: EarningRuleDefinition[] } | null = null;
  private generation = 0;

  constructor(
    private readonly load: (manager: EntityManager) => Promise<EarningRuleDefinition[]>,
    private readonly ttlMs = 5_000,
    private readonly now: () => number = Date.now,
  ) {}

  async get(manager: EntityManager): Promise<EarningRuleDefinition[]> {
    if (this.cached && this.now() - this.cached.loadedAt < this.ttlMs) return this.cached.rules;
    const generation = this.generation;
    const rules = await this.load(manager);
    if (generation === this.generation) this.cached = { loadedAt: this.now(), rules };
    return rules;
  }

  invalidate(): void {
    this.generation += 1;
    this.cached = null;
  }
}
