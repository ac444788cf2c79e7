import { MetricsSum } from './offline-evaluation';

describe('offline metrics at k', () => {
  it('computes precision, recall, hit rate and NDCG with binary relevance', () => {
    const metrics = new MetricsSum(3);
    // Hits at positions 1 and 3 of [7, 8, 9] for truth {7, 9, 10}:
    // precision 2/3, recall 2/3, DCG 1 + 1/log2(4) = 1.5, ideal 1 + 1/log2(3) + 1/2 ≈ 2.1309.
    metrics.add([7, 8, 9], new Set([7, 9, 10]));
    // A miss: everything 0.
    metrics.add([1, 2, 3], new Set([4]));
    const result = metrics.result();
    expect(result.members).toBe(2);
    expect(result.precision).toBeCloseTo(1 / 3, 6);
    expect(result.recall).toBeCloseTo(1 / 3, 6);
    expect(result.hitRate).toBe(0.5);
    expect(result.ndcg).toBeCloseTo(1.5 / (1 + 1 / Math.log2(3) + 0.5) / 2, 6);
  });
});
