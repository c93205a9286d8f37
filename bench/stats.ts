/** Small-sample statistics for the bench: a mean with its 95% confidence interval, and percentiles. */

// two-sided 95% critical values of Student's t for 1..30 degrees of freedom
const T95 = [
  12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228, 2.201, 2.179, 2.16, 2.145, 2.131, 2.12, 2.11, 2.101, 2.093, 2.086,
  2.08, 2.074, 2.069, 2.064, 2.06, 2.056, 2.052, 2.048, 2.045, 2.042,
];

export interface Interval {
  mean: number;
  low: number;
  high: number;
  n: number;
}

/** The mean of `values` with a 95% confidence interval (Student's t; zero width for one value). */
export function meanInterval(values: number[]): Interval {
  const n = values.length;
  const mean = values.reduce((sum, value) => sum + value, 0) / Math.max(1, n);
  if (n < 2) return { mean, low: mean, high: mean, n };
  const variance = values.reduce((sum, value) => sum + (value - mean) ** 2, 0) / (n - 1);
  const half = (T95[Math.min(n - 1, T95.length) - 1] ?? 1.96) * Math.sqrt(variance / n);
  return { mean, low: mean - half, high: mean + half, n };
}

export function formatInterval(interval: Interval): string {
  return interval.n < 2 ? `n=1` : `95% CI ${interval.low.toFixed(3)} to ${interval.high.toFixed(3)}, n=${interval.n}`;
}

/** The p-th percentile (0..100) by nearest rank. */
export function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  if (!sorted.length) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] as number;
}
