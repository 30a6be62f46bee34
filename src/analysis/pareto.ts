/**
 * Non-dominated sorting (all objectives maximised). Pure.
 * Contract: `a` dominates `b` when a is ≥ b in every objective and > in at least one. Equal points
 * do not dominate each other and share a rank. Rank 1 is the Pareto front; rank k+1 is the front of
 * what remains after removing ranks 1..k. O(n²·m) for n points of m objectives (Deb et al. 2002),
 * which is ample for sweeps of a few thousand configurations.
 */

/** True when `a` Pareto-dominates `b` (maximising every objective). */
export function dominates(a: readonly number[], b: readonly number[]): boolean {
  let strictly = false;
  for (let i = 0; i < a.length; i++) {
    const ai = a[i] ?? Number.NaN;
    const bi = b[i] ?? Number.NaN;
    if (!(ai >= bi)) return false;
    if (ai > bi) strictly = true;
  }
  return strictly;
}

/**
 * Pareto rank (1 = front) of each point, in input order. Every point must have the same number of
 * finite objectives; callers filter out points with a missing objective first.
 */
export function paretoRanks(points: readonly (readonly number[])[]): number[] {
  const n = points.length;
  const dominatedBy = new Array<number>(n).fill(0); // how many points dominate i
  const dominating: number[][] = Array.from({ length: n }, () => []); // points i dominates
  for (let i = 0; i < n; i++) {
    const pi = points[i] ?? [];
    for (let j = i + 1; j < n; j++) {
      const pj = points[j] ?? [];
      if (dominates(pi, pj)) {
        dominating[i]?.push(j);
        dominatedBy[j] = (dominatedBy[j] ?? 0) + 1;
      } else if (dominates(pj, pi)) {
        dominating[j]?.push(i);
        dominatedBy[i] = (dominatedBy[i] ?? 0) + 1;
      }
    }
  }
  // Peel fronts: a point joins the next front once every point dominating it has been ranked.
  const ranks = new Array<number>(n).fill(0);
  let front = dominatedBy.flatMap((count, i) => (count === 0 ? [i] : []));
  for (let rank = 1; front.length > 0; rank++) {
    const next: number[] = [];
    for (const i of front) {
      ranks[i] = rank;
      for (const j of dominating[i] ?? []) {
        const left = (dominatedBy[j] ?? 0) - 1;
        dominatedBy[j] = left;
        if (left === 0) next.push(j);
      }
    }
    front = next;
  }
  return ranks;
}
