/**
 * The median stopping rule (docs/racing.md "Median stopping"), pure: a running attempt whose
 * progress metric at step s is worse than the median of the completed trials' values at the same
 * step is stopped, once s has reached `afterFraction` of the curve's length (the largest step the
 * completed trials report) and at least `minTrials` completed trials report step s. The last step
 * itself is never a reason to stop (the trial is about done). A loss is minimised.
 */
import { metricDirection } from '../analysis/metrics.js';
import type { SweepFold } from '../ledger/fold.js';
import type { StoppingSpec } from '../spec/search-schema.js';
import type { EventBody, TrialEvent } from '../transport/events.js';
import { oriented } from './objective.js';

export type Curve = ReadonlyArray<readonly [step: number, value: number]>;

export interface StopVerdict {
  readonly step: number;
  readonly value: number;
  readonly median: number;
}

export function median(values: readonly number[]): number {
  const v = [...values].sort((a, b) => a - b);
  const n = v.length;
  if (n === 0) return Number.NaN;
  const mid = Math.floor(n / 2);
  return n % 2 === 1 ? (v[mid] ?? Number.NaN) : ((v[mid - 1] ?? 0) + (v[mid] ?? 0)) / 2;
}

/** The verdict on a running curve's point (step, value), given the completed trials' curves. */
export function medianVerdict(rule: StoppingSpec, step: number, value: number, completed: readonly Curve[]): StopVerdict | undefined {
  if (!Number.isFinite(value)) return undefined;
  const last = Math.max(Number.NEGATIVE_INFINITY, ...completed.flatMap((c) => c.map(([s]) => s)));
  if (!(step >= rule.afterFraction * last) || step >= last) return undefined;
  const there = completed.flatMap((c) => {
    const at = c.filter(([s, v]) => s === step && Number.isFinite(v));
    const point = at[at.length - 1];
    return point === undefined ? [] : [point[1]];
  });
  if (there.length < rule.minTrials) return undefined;
  const m = median(there);
  const direction = metricDirection(rule.metric);
  return oriented(direction, value) < oriented(direction, m) ? { step, value, median: m } : undefined;
}

/** The `stopped` events to record for freshly stored events of running attempts. */
export function medianStops(rule: StoppingSpec, stored: readonly TrialEvent[], fold: SweepFold): Array<{ trialId: string; attempt: number; body: EventBody }> {
  const fresh = stored.filter((e) => e.type === 'metric' && e.name === rule.metric);
  if (fresh.length === 0) return [];
  const completed: Curve[] = [];
  for (const t of fold.trials.values()) {
    if (t.succeededAttempt === undefined) continue;
    const curve = t.attempts.get(t.succeededAttempt)?.curves.get(rule.metric);
    if (curve !== undefined) completed.push(curve);
  }
  const out: Array<{ trialId: string; attempt: number; body: EventBody }> = [];
  const seen = new Set<string>();
  for (const e of fresh) {
    if (e.type !== 'metric') continue;
    const key = `${e.trialId}/${e.attempt}`;
    if (seen.has(key) || fold.trials.get(e.trialId)?.attempts.get(e.attempt)?.status !== 'running') continue;
    const curve = fold.trials.get(e.trialId)?.attempts.get(e.attempt)?.curves.get(rule.metric) ?? [];
    const point = curve[curve.length - 1];
    if (point === undefined) continue;
    const verdict = medianVerdict(rule, point[0], point[1], completed);
    if (verdict === undefined) continue;
    seen.add(key);
    const body: EventBody = {
      type: 'stopped', rule: 'median', metric: rule.metric, ...verdict,
      message: `stopped by the median rule: ${rule.metric} ${verdict.value.toFixed(4)} at step ${verdict.step} is worse than the completed trials' median ${verdict.median.toFixed(4)}`,
    };
    out.push({ trialId: e.trialId, attempt: e.attempt, body });
  }
  return out;
}
