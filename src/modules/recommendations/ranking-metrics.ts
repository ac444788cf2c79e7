export interface Metrics {
  precision: number;
  recall: number;
  hitRate: number;
  ndcg: number;
  members: number;
}

/** Sums per-member metrics with binary relevance; NDCG's ideal puts min(k, |truth|) hits on top. */
export class MetricsSum {
  private precision = 0;
  private recall = 0;
  private hits = 0;
  private ndcg = 0;
  private members = 0;

  constructor(private readonly k: number) {}

  add(ranked: readonly number[], truth: ReadonlySet<number>): void {
    const top = ranked.slice(0, this.k);
    let found = 0;
    let dcg = 0;
    top.forEach((id, index) => {
      if (truth.has(id)) {
        found += 1;
        dcg += 1 / Math.log2(index + 2);
      }
    });
    let ideal = 0;
    for (let i = 0; i < Math.min(this.k, truth.size); i++) ideal += 1 / Math.log2(i + 2);
    this.precision += found / this.k;
    this.recall += found / truth.size;
    this.hits += found > 0 ? 1 : 0;
    this.ndcg += ideal > 0 ? dcg / ideal : 0;
    this.members += 1;
  }

  result(): Metrics {
    const n = Math.max(1, this.members);
    return {
      precision: this.precision / n,
      recall: this.recall / n,
      hitRate: this.hits / n,
      ndcg: this.ndcg / n,
      members: this.members,
    };
  }
}
