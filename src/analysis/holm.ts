/**
 * Holm's step-down correction for multiple comparisons (Holm 1979), as R's `p.adjust(p, "holm")`.
 * Pure. Contract: adjusted p-values come back in input order; NaN p-values stay NaN and do not
 * count towards the number of tests m.
 */

/** Holm-adjusted p-values: sorted ascending, p̃₍ᵢ₎ = max_{j ≤ i} min(1, (m − j + 1)·p₍ⱼ₎). */
export function holmAdjust(pValues: readonly number[]): number[] {
  const order = pValues
    .map((p, i) => ({ p, i }))
    .filter(({ p }) => !Number.isNaN(p))
    .sort((a, b) => a.p - b.p || a.i - b.i);
  const m = order.length;
  const adjusted = pValues.map(() => Number.NaN);
  let running = 0;
  order.forEach(({ p, i }, k) => {
    running = Math.max(running, Math.min(1, (m - k) * p));
    adjusted[i] = running;
  });
  return adjusted;
}

/** Which hypotheses Holm's procedure rejects at family-wise error rate `alpha` (input order). */
export function holmReject(pValues: readonly number[], alpha = 0.05): boolean[] {
  return holmAdjust(pValues).map((p) => p <= alpha);
}
