/**
 * The results JSON (DESIGN.md, "Results JSON"): trial counts plus configurations ranked best first.
 * Pure: the caller supplies the sweep's identity and status and every trial outcome it knows of.
 */
import { aggregate } from './aggregate.js';
import { rankConfigs } from './rank.js';
import type { ResultsJson, SweepInfo, TrialCounts, TrialOutcome } from './types.js';

/** `total` counts every outcome (pending included); the other three count their status. */
export function countTrials(outcomes: readonly TrialOutcome[]): TrialCounts {
  const counts: TrialCounts = { total: outcomes.length, succeeded: 0, failed: 0, running: 0 };
  for (const o of outcomes) {
    if (o.status === 'succeeded') counts.succeeded++;
    else if (o.status === 'failed') counts.failed++;
    else if (o.status === 'running') counts.running++;
  }
  return counts;
}

export function buildResults(sweep: SweepInfo, outcomes: readonly TrialOutcome[]): ResultsJson {
  return {
    sweep: { id: sweep.id, name: sweep.name, status: sweep.status, trials: countTrials(outcomes) },
    configs: rankConfigs(aggregate(outcomes)),
  };
}
