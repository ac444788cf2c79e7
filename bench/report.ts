/** Timing and printing helpers for the benchmarks: they report figures, they never judge them. */

export interface Summary {
  median: number;
  p95: number;
  min: number;
  max: number;
}

export function summarize(samples: number[]): Summary {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)];
  return { median: at(0.5), p95: at(0.95), min: sorted[0], max: sorted[sorted.length - 1] };
}

/** `summarize` with the 99th percentile too (latencies). */
export function summarizeWithP99(samples: number[]): Summary & { p99: number } {
  const sorted = [...samples].sort((a, b) => a - b);
  return {
    ...summarize(samples),
    p99: sorted[Math.min(sorted.length - 1, Math.ceil(0.99 * sorted.length) - 1)],
  };
}

/** Milliseconds `work` took, with its result. */
export async function timed<T>(work: () => Promise<T>): Promise<{ ms: number; result: T }> {
  const start = performance.now();
  const result = await work();
  return { ms: performance.now() - start, result };
}

export const ms = (value: number): string => value.toFixed(2);

/** `median [min-max]` of repeated measurements, the way every ratio of `npm run bench` is printed. */
export function spread(values: number[], digits: number): string {
  const s = summarize(values);
  return `${s.median.toFixed(digits)} [${s.min.toFixed(digits)}-${s.max.toFixed(digits)}]`;
}
export const ratio = (value: number): string => `${value.toFixed(1)}x`;

/** Number of iterations, overridable with BENCH_ITERATIONS. */
export function iterations(fallback: number): number {
  const raw = process.env.BENCH_ITERATIONS;
  const value = Number(raw);
  return raw && Number.isInteger(value) && value > 0 ? value : fallback;
}

/** A title, then columns padded to their widest cell: text left-aligned, figures right-aligned. */
export function printTable(title: string, header: string[], rows: string[][], notes: string[] = []): void {
  const widths = header.map((cell, i) => Math.max(cell.length, ...rows.map((row) => row[i].length)));
  const numeric = header.map((_, i) => rows.every((row) => /^[\d.,x~-]+$/.test(row[i])));
  const line = (cells: string[]) =>
    cells
      .map((cell, i) => (numeric[i] ? cell.padStart(widths[i]) : cell.padEnd(widths[i])))
      .join('  ')
      .trimEnd();
  console.log(`\n${title}`);
  console.log(line(header));
  console.log(line(widths.map((w) => '-'.repeat(w))));
  for (const row of rows) console.log(line(row));
  for (const note of notes) console.log(note);
}
