/**
 * Successive halving over an explicit fidelity path (docs/racing.md "Halving"). Pure and
 * deterministic, replayed from what has settled, like a race.
 * 1. Rung 0: every configuration at the first fidelity value, with every seed of spec.seeds.
 * 2. When a rung has settled, its configurations are ranked on the objective (means over seeds;
 *    pareto: Pareto layer of the means, then their sum), those without a result last, and the top
 *    max(1, floor(n / eta)) are promoted: the same configurations at the next fidelity value.
 * 3. It ends after the last rung, or when the next rung does not fit in budget.maxTrials.
 * A configuration at a rung is its own configuration (the fidelity is one of its parameters).
 */
import { mean } from '../analysis/stats.js';
import { paretoRanks } from '../analysis/pareto.js';
import { canonicalJson } from '../spec/ids.js';
import { resolveParameterKey } from '../spec/paths.js';
import type { HalvingSpec } from '../spec/search-schema.js';
import type { Trial } from '../spec/trial.js';
import { oriented, resolveObjective, type Objective } from './objective.js';
import type { KnownOutcome } from './race-rounds.js';

export interface HalvingInput {
  readonly halving: HalvingSpec;
  readonly universe: readonly Trial[];
  readonly maxTrials: number;
  readonly outcome: (trialId: string) => KnownOutcome | undefined;
}

export interface HalvingState {
  readonly trials: Trial[];
  /** Rungs planned (the last may still be running). */
  readonly rungs: number;
  /** The planned trials rung by rung (Kubernetes: one Job shard per rung). */
  readonly groups: Trial[][];
  readonly end: 'last-rung' | 'budget' | undefined;
  /** Per rung: the configIds (at that rung) it ran, best first once the rung has settled. */
  readonly ladder: string[][];
}

export function halvingState(input: HalvingInput): HalvingState {
  const { halving, universe } = input;
  const target = resolveParameterKey(halving.fidelity.path);
  const path = target.ok ? target.path : halving.fidelity.path;
  const objective = resolveObjective(halving.objective);
  // base configuration (parameters without the fidelity) -> rung -> trials
  const rungsOf = new Map<string, Trial[][]>();
  for (const t of universe) {
    const rung = halving.fidelity.values.indexOf(t.parameters[path] as number);
    if (rung < 0) continue;
    const { [path]: _fidelity, ...rest } = t.parameters;
    const base = canonicalJson(rest);
    let rungs = rungsOf.get(base);
    if (rungs === undefined) rungsOf.set(base, (rungs = halving.fidelity.values.map(() => [])));
    rungs[rung]?.push(t);
  }
  const trials: Trial[] = [];
  const groups: Trial[][] = [];
  const ladder: string[][] = [];
  let bases = [...rungsOf.keys()];
  const rungTrials = (rung: number, of: readonly string[]): Trial[] => of.flatMap((b) => rungsOf.get(b)?.[rung] ?? []);
  for (let rung = 0; rung < halving.fidelity.values.length; rung++) {
    const planned = rungTrials(rung, bases).sort((a, b) => a.index - b.index);
    if (rung > 0 && trials.length + planned.length > input.maxTrials) return { trials, groups, rungs: rung, end: 'budget', ladder };
    trials.push(...planned);
    groups.push(planned);
    const known = planned.map((t) => input.outcome(t.trialId));
    if (!known.every((k) => k?.settled === true)) {
      ladder.push(bases.map((b) => rungsOf.get(b)?.[rung]?.[0]?.configId ?? ''));
      return { trials, groups, rungs: rung + 1, end: undefined, ladder };
    }
    const ordered = rank(bases, (b) => rungsOf.get(b)?.[rung] ?? [], objective, input.outcome);
    ladder.push(ordered.map((b) => rungsOf.get(b)?.[rung]?.[0]?.configId ?? ''));
    bases = ordered.slice(0, Math.max(1, Math.floor(ordered.length / halving.eta)));
  }
  return { trials, groups, rungs: halving.fidelity.values.length, end: 'last-rung', ladder };
}

/** Bases best first by the objective over their trials at this rung (stable for ties). */
function rank(bases: readonly string[], trialsOf: (b: string) => readonly Trial[], o: Objective, outcome: HalvingInput['outcome']): string[] {
  const metrics = o.kind === 'single' ? [o.metric] : [...o.metrics];
  const means = bases.map((b) =>
    metrics.map((m) => {
      const vs = trialsOf(b).flatMap((t) => {
        const v = outcome(t.trialId)?.metrics?.[m];
        return v !== undefined && Number.isFinite(v) ? [v] : [];
      });
      return vs.length === 0 ? Number.NaN : mean(vs);
    }),
  );
  const scored = bases.map((b, i) => ({ b, i, p: means[i] ?? [] })).filter((x) => x.p.every(Number.isFinite));
  const unscored = bases.filter((_, i) => !(means[i] ?? []).every(Number.isFinite));
  const layer = o.kind === 'pareto' ? paretoRanks(scored.map((x) => x.p)) : scored.map(() => 1);
  const key = (x: (typeof scored)[number]): number => (o.kind === 'single' ? oriented(o.direction, x.p[0] ?? 0) : (x.p[0] ?? 0) + (x.p[1] ?? 0));
  const order = scored.map((x, k) => ({ ...x, layer: layer[k] ?? 1, key: key(x) })).sort((a, b) => a.layer - b.layer || b.key - a.key || a.i - b.i);
  return [...order.map((x) => x.b), ...unscored];
}
