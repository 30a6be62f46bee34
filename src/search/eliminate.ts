/**
 * One round's eliminations of a race (docs/racing.md "Racing"). Pure and deterministic.
 * - single objective (irace's "t-test-holm"): the leader is the survivor with the best mean; every
 *   other survivor is compared with it by a paired t test on the seeds both have; the p-values are
 *   Holm-corrected across the round's comparisons; a survivor is eliminated when the leader is
 *   significantly better (adjusted p <= alpha);
 * - pareto: every survivor is compared with every member of the survivors' Pareto front (of the
 *   means) on both objectives (paired t, Holm across all the round's tests); a survivor is
 *   eliminated by a rival that is significantly better on one objective and not significantly
 *   worse on the other;
 * - a survivor with no finite value of an objective on any seed is eliminated as `no-result`;
 * - ties, zero variance with zero difference and fewer than two shared seeds give no p-value and
 *   eliminate nothing; zero variance with a non-zero difference gives p = 0;
 * - a round never eliminates every survivor (a cycle of significant results, possible in
 *   principle with different shared seeds): then it eliminates nothing.
 */
import { pairBySeed, pairedT, type TTestResult } from '../analysis/compare.js';
import { holmAdjust } from '../analysis/holm.js';
import { paretoRanks } from '../analysis/pareto.js';
import { mean } from '../analysis/stats.js';
import type { Interval } from '../analysis/types.js';
import { oriented, type Objective } from './objective.js';

/** A configuration's finite values of one metric, by seed. */
export type SeedValues = ReadonlyMap<number, number>;

export interface Elimination {
  readonly configId: string;
  /** 0-based round after which it was eliminated. */
  readonly round: number;
  readonly reason: 'significance' | 'no-result';
  /** The configuration that beat it (`null` for no-result). */
  readonly rival: string | null;
  readonly metric: string;
  /** rival − eliminated on `metric`, over the shared seeds (null for no-result). */
  readonly difference: number | null;
  /** Two-sided (1 − alpha) paired interval of `difference`, unadjusted. */
  readonly ci: Interval | null;
  readonly pAdjusted: number | null;
  /** Seeds the comparison was paired on. */
  readonly seeds: number;
}

export interface RoundInput {
  readonly round: number;
  /** Surviving configIds, in expansion order (the order breaks ties). */
  readonly survivors: readonly string[];
  /** values(configId, metric): the finite values by seed. */
  readonly values: (configId: string, metric: string) => SeedValues;
  readonly objective: Objective;
  readonly alpha: number;
}

interface Test {
  readonly a: string; // rival
  readonly b: string; // candidate for elimination
  readonly metric: string;
  readonly direction: 'higher' | 'lower';
  readonly result: TTestResult;
  pAdjusted: number;
}

export function eliminateRound(r: RoundInput): Elimination[] {
  const metrics = r.objective.kind === 'single' ? [r.objective.metric] : [...r.objective.metrics];
  const noResult = r.survivors.filter((c) => metrics.some((m) => r.values(c, m).size === 0));
  const ranked = r.survivors.filter((c) => !noResult.includes(c));
  const out: Elimination[] = noResult.map((configId) => ({
    configId, round: r.round, reason: 'no-result', rival: null,
    metric: metrics.find((m) => r.values(configId, m).size === 0) ?? metrics[0] ?? '', difference: null, ci: null, pAdjusted: null, seeds: 0,
  }));
  const beaten = r.objective.kind === 'single' ? singleRound(r, ranked, r.objective) : paretoRound(r, ranked, r.objective.metrics);
  // Never every survivor: keep the round's survivors when the tests would leave none.
  if (ranked.length === 0) return [];
  if (beaten.length >= ranked.length) return out;
  return [...out, ...beaten].sort((x, y) => r.survivors.indexOf(x.configId) - r.survivors.indexOf(y.configId));
}

function test(r: RoundInput, a: string, b: string, metric: string, direction: 'higher' | 'lower'): Test {
  const paired = pairBySeed(r.values(b, metric), r.values(a, metric));
  // treatment = rival a, control = b: diff = a − b.
  return { a, b, metric, direction, result: pairedT(paired.control, paired.treatment, 1 - r.alpha), pAdjusted: Number.NaN };
}

/** a is significantly better than b on this test. */
function aBetter(t: Test, alpha: number): boolean {
  return t.pAdjusted <= alpha && oriented(t.direction, t.result.diff) > 0;
}
function bBetter(t: Test, alpha: number): boolean {
  return t.pAdjusted <= alpha && oriented(t.direction, t.result.diff) < 0;
}

function adjust(tests: Test[]): void {
  const adjusted = holmAdjust(tests.map((t) => t.result.p));
  tests.forEach((t, i) => (t.pAdjusted = adjusted[i] ?? Number.NaN));
}

function eliminated(r: RoundInput, t: Test): Elimination {
  return { configId: t.b, round: r.round, reason: 'significance', rival: t.a, metric: t.metric, difference: t.result.diff, ci: t.result.ci, pAdjusted: t.pAdjusted, seeds: t.result.n };
}

function singleRound(r: RoundInput, ranked: readonly string[], o: { metric: string; direction: 'higher' | 'lower' }): Elimination[] {
  if (ranked.length < 2) return [];
  const score = (c: string): number => oriented(o.direction, mean([...r.values(c, o.metric).values()]));
  let leader = ranked[0] ?? '';
  for (const c of ranked) if (score(c) > score(leader)) leader = c;
  const tests = ranked.filter((c) => c !== leader).map((b) => test(r, leader, b, o.metric, o.direction));
  adjust(tests);
  return tests.filter((t) => aBetter(t, r.alpha)).map((t) => eliminated(r, t));
}

function paretoRound(r: RoundInput, ranked: readonly string[], metrics: readonly [string, string]): Elimination[] {
  if (ranked.length < 2) return [];
  const [m1, m2] = metrics;
  const points = ranked.map((c) => metrics.map((m) => mean([...r.values(c, m).values()])));
  const layers = paretoRanks(points);
  const front = ranked.filter((_, i) => layers[i] === 1);
  const pairs: Array<{ one: Test; two: Test }> = [];
  for (const b of ranked) for (const a of front) if (a !== b) pairs.push({ one: test(r, a, b, m1, 'higher'), two: test(r, a, b, m2, 'higher') });
  adjust(pairs.flatMap((p) => [p.one, p.two]));
  const best = new Map<string, Test>();
  for (const { one, two } of pairs) {
    const wins = [aBetter(one, r.alpha) && !bBetter(two, r.alpha) ? one : undefined, aBetter(two, r.alpha) && !bBetter(one, r.alpha) ? two : undefined];
    for (const t of wins) {
      if (t === undefined) continue;
      const prior = best.get(t.b);
      if (prior === undefined || t.pAdjusted < prior.pAdjusted) best.set(t.b, t);
    }
  }
  return ranked.flatMap((c) => {
    const t = best.get(c);
    return t === undefined ? [] : [eliminated(r, t)];
  });
}

/**
 * The best of `configs` by the objective's means: single, the best mean; pareto, the member of
 * the means' Pareto front with the largest sum of the two. Ties: the first in order. Undefined
 * when none has a finite value.
 */
export function bestOf(configs: readonly string[], values: RoundInput['values'], objective: Objective): string | undefined {
  const metrics = objective.kind === 'single' ? [objective.metric] : [...objective.metrics];
  const scored = configs.filter((c) => metrics.every((m) => values(c, m).size > 0));
  if (scored.length === 0) return undefined;
  const points = scored.map((c) => metrics.map((m, k) => (objective.kind === 'single' ? oriented(objective.direction, mean([...values(c, m).values()])) : mean([...values(c, metrics[k] ?? m).values()]))));
  const layers = objective.kind === 'pareto' ? paretoRanks(points) : points.map(() => 1);
  let best = 0;
  const sum = (i: number): number => (points[i] ?? []).reduce((a, b) => a + b, 0);
  for (let i = 1; i < scored.length; i++) {
    const li = layers[i] ?? 1;
    const lb = layers[best] ?? 1;
    if (li < lb || (li === lb && sum(i) > sum(best))) best = i;
  }
  return scored[best];
}
