/**
 * Programme configuration (points policy, tier ladder, tier settings) kept in memory for a few
 * seconds: every order reads it and admins change it rarely. A change made through this process
 * invalidates at once; another instance's change is seen within `ttlMs` (the same contract as the
 * earning rules' cache, so a multi-instance deployment has one staleness bound to document). A load
 * that started before an invalidation does not refill the cache with what it read, and a value that
 * `keep` refuses (an empty ladder a seed is about to fill) is never cached.
 */
/** How long another instance's change to the programme configuration may go unseen. */
export const CONFIG_TTL_MS = 5_000;

export class ConfigCache<T> {
  private cached: { loadedAt: number; value: T } | null = null;
  private generation = 0;

  constructor(
    private readonly ttlMs = CONFIG_TTL_MS,
    private readonly keep: (value: T) => boolean = () => true,
    // Monotonic, not the business clock: a TTL measures elapsed time, and tests pin the clock.
    private readonly now: () => number = () => performance.now(),
  ) {}

  async get(load: () => Promise<T>): Promise<T> {
    if (this.cached && this.now() - this.cached.loadedAt < this.ttlMs) return this.cached.value;
    const generation = this.generation;
    const value = await load();
    if (generation === this.generation && this.keep(value)) this.cached = { loadedAt: this.now(), value };
    return value;
  }

  invalidate(): void {
    this.generation += 1;
    this.cached = null;
  }
}
