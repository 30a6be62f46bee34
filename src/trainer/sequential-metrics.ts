/**
 * Metrics of sequential transfer (docs/metrics.md), pure.
 * A[i][t]: test accuracy on the i-th class learned, after t classes were learned (1-based, i <= t).
 * The diagonal A[i][i] is measured after every class; full columns at the checkpoints.
 */

/** About `count` evenly spaced class counts in 1..classes, always including the last. */
export function checkpointsFor(classes: number, count: number): number[] {
  const out = new Set<number>();
  const n = Math.min(count, classes);
  for (let k = 1; k <= n; k++) out.add(Math.max(1, Math.round((k * classes) / n)));
  out.add(classes);
  return [...out].sort((a, b) => a - b);
}

/** BWT = mean over i of (A[i][T] - A[i][i]); `final[i]` = A[i][T], `diagonal[i]` = A[i][i]. */
export function backwardTransfer(final: readonly number[], diagonal: readonly number[]): number {
  if (final.length === 0) return 0;
  let sum = 0;
  final.forEach((a, i) => (sum += a - (diagonal[i] ?? 0)));
  return sum / final.length;
}

/** Fraction of `predicted` equal to `label`. */
export function hitRate(predicted: Int32Array, label: number): number {
  if (predicted.length === 0) return 0;
  let hits = 0;
  for (const p of predicted) if (p === label) hits++;
  return hits / predicted.length;
}

export function mean(values: readonly number[]): number {
  return values.length === 0 ? 0 : values.reduce((a, b) => a + b, 0) / values.length;
}
