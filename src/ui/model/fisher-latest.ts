/**
 * Pure: the probes' lines of the detail pane (issue #16). Probe curves (docs/metrics.md "Probes")
 * are many and not per-epoch learning curves, so the pane leaves them out of its sparklines and
 * shows instead the latest Fisher trace per layer: for each seed the pre-training
 * `fisher.trace.<layer>` at its largest step so far, averaged over the seeds that have one.
 */
import type { AttemptState } from '../../ledger/fold.js';
import { PROBE_METRIC } from '../../spec/probes-schema.js';

/** Curve names the probes emit: not drawn as sparklines. */
export const PROBE_CURVE = PROBE_METRIC;
const TRACE = /^fisher\.trace\.(conv(\d+)|head)$/;

export interface FisherLatest {
  /** The largest step (epoch) any seed's value comes from. */
  step: number;
  layers: Array<{ layer: string; trace: number }>;
}

export function latestFisher(attempts: ReadonlyArray<AttemptState | undefined>): FisherLatest | undefined {
  const sums = new Map<string, { sum: number; n: number; order: number }>();
  let step = -1;
  for (const a of attempts) {
    for (const [name, points] of a?.curves ?? []) {
      const m = TRACE.exec(name);
      if (m?.[1] === undefined || points.length === 0) continue;
      const last = points.reduce((x, y) => (y[0] >= x[0] ? y : x));
      const s = sums.get(m[1]) ?? { sum: 0, n: 0, order: m[2] === undefined ? Number.MAX_SAFE_INTEGER : Number(m[2]) };
      s.sum += last[1];
      s.n++;
      sums.set(m[1], s);
      step = Math.max(step, last[0]);
    }
  }
  if (sums.size === 0) return undefined;
  const layers = [...sums.entries()].sort((x, y) => x[1].order - y[1].order).map(([layer, s]) => ({ layer, trace: s.sum / s.n }));
  return { step, layers };
}
