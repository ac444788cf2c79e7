/**
 * A seeded pseudo-random source (mulberry32) for fuzz tests: the same seed replays the same requests,
 * so a failure printed with its seed can be reproduced with `FUZZ_SEED=<seed> npx jest <spec>`.
 */
const DEFAULT_SEED = 20_261_204;

export class FuzzRandom {
  private state: number;

  constructor(readonly seed: number) {
    this.state = seed >>> 0;
  }

  /**
   * The seed from FUZZ_SEED: a number replays that run, `random` explores a fresh one (printed by the
   * caller). Unset, a fixed seed: the suite (and CI) sends the same requests every run, so a red run
   * means a change broke something, not that today's dice found an old bug; explore with
   * `FUZZ_SEED=random` and pin what it finds as a regression test.
   */
  static fromEnvironment(): FuzzRandom {
    const raw = process.env.FUZZ_SEED;
    if (raw === 'random') return new FuzzRandom(Math.floor(Math.random() * 2 ** 31) + 1);
    const given = Number(raw);
    return new FuzzRandom(Number.isInteger(given) && given > 0 ? given : DEFAULT_SEED);
  }

  /** A float in [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  }

  /** An integer in [min, max]. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  chance(probability: number): boolean {
    return this.next() < probability;
  }

  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)];
  }

  /** Picks by weight: `[[3, a], [1, b]]` gives a three times as often as b. */
  weighted<T>(choices: readonly (readonly [number, T])[]): T {
    const total = choices.reduce((sum, [weight]) => sum + weight, 0);
    let roll = this.next() * total;
    for (const [weight, value] of choices) {
      roll -= weight;
      if (roll < 0) return value;
    }
    return choices[choices.length - 1][1];
  }

  /** A few distinct items in random order. */
  some<T>(items: readonly T[], max: number): T[] {
    const pool = [...items];
    const out: T[] = [];
    const count = Math.min(pool.length, this.int(1, Math.max(1, max)));
    while (out.length < count) out.push(pool.splice(this.int(0, pool.length - 1), 1)[0]);
    return out;
  }
}
