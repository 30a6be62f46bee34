/**
 * `zapsweep confirm`: a spec that re-runs the top configurations of a (raced) sweep on seeds it
 * never used, so their intervals are unbiased: nothing in the new sweep was chosen by its own
 * results (docs/racing.md "Confirming"). Pure: sweep + results in, a spec document out.
 * The configurations become one linked axis `confirm` (a bundle each: the experiment paths where
 * the configuration differs from the base experiment), so their config ids are the original ones.
 */
import type { ResultsJson } from '../analysis/types.js';
import { seedList } from '../spec/expand.js';
import { canonicalJson } from '../spec/ids.js';
import { experimentIdentity } from '../spec/identity.js';
import { describeParameters } from '../spec/labels.js';
import type { Sweep } from '../spec/schema.js';
import type { Trial } from '../spec/trial.js';

export interface ConfirmOptions {
  seeds: number;
  top: number;
}

export function confirmationSpec(sweep: Sweep, results: ResultsJson, trials: readonly Trial[], o: ConfirmOptions): Record<string, unknown> {
  const experimentOf = new Map(trials.map((t) => [t.configId, t.experiment]));
  const chosen = results.configs.slice(0, o.top);
  const pool = seedList(sweep.spec.seeds);
  const from = Math.max(-1, ...pool) + 1;
  const seeds = Array.from({ length: o.seeds }, (_, i) => from + i);
  const bundles = chosen.map((c) => {
    const experiment = experimentOf.get(c.configId);
    const set = experiment === undefined ? {} : differences(sweep.spec.experiment, experiment);
    // A configuration equal to the base still needs a bundle that sets something (its own value).
    if (Object.keys(set).length === 0) set['pretrain.zapEvery'] = experiment?.pretrain.zapEvery ?? sweep.spec.experiment.pretrain.zapEvery;
    return { label: `#${c.rank} ${describeParameters(c.parameters) || c.configId}`.slice(0, 200), ...set };
  });
  const name = `${sweep.metadata.name.slice(0, 55).replace(/-+$/, '')}-confirm`;
  return {
    apiVersion: 'zapsweep/v1',
    kind: 'Sweep',
    metadata: {
      name,
      description: `confirmation of ${results.sweep.id}: its top ${chosen.length} configuration(s) on ${o.seeds} fresh seed(s) (${seeds.join(', ')})`,
    },
    spec: {
      // Its non-default fields only (identity.ts): loading fills the defaults back, so ids are unchanged.
      experiment: experimentIdentity(sweep.spec.experiment),
      parameters: { confirm: bundles },
      seeds,
      search: { kind: 'grid' },
      executor: sweep.spec.executor,
      budget: { ...sweep.spec.budget, maxTrials: Math.max(1, chosen.length * o.seeds) },
    },
  };
}

/** Leaf paths (dotted) where `b` differs from `a`; lists and scalars are leaves. */
function differences(a: unknown, b: unknown, prefix = ''): Record<string, unknown> {
  if (isRecord(a) && isRecord(b)) {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(b)) Object.assign(out, differences(a[key], b[key], prefix === '' ? key : `${prefix}.${key}`));
    return out;
  }
  return canonicalJson(a) === canonicalJson(b) || b === undefined ? {} : { [prefix]: b };
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

