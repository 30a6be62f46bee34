/**
 * The results JSON (DESIGN.md, "Results JSON"): trial counts plus configurations ranked best first.
 * Pure: the caller supplies the sweep's identity and status and every trial outcome it knows of.
 */
import { aggregate } from './aggregate.js';
import { rankConfigs } from './rank.js';
import type { PretrainingCounts, ResultsJson, SweepInfo, TrialCounts, TrialOutcome } from './types.js';

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

/** Undefined when no outcome knows its stage (outcomes built without the fold's stages). */
export function countPretrainings(outcomes: readonly TrialOutcome[]): PretrainingCounts | undefined {
  const keys = new Set<string>();
  let trained = 0;
  let reused = 0;
  for (const o of outcomes) {
    if (!o.stage) continue;
    keys.add(o.stage.key);
    trained += o.stage.trained;
    if (o.status === 'succeeded' && (o.stage.origin === 'memory' || o.stage.origin === 'checkpoint')) reused++;
  }
  return keys.size === 0 ? undefined : { distinct: keys.size, trained, reused };
}

export function buildResults(sweep: SweepInfo, outcomes: readonly TrialOutcome[]): ResultsJson {
  const pretrainings = countPretrainings(outcomes);
  return {
    sweep: { id: sweep.id, name: sweep.name, status: sweep.status, trials: countTrials(outcomes), ...(pretrainings ? { pretrainings } : {}) },
    configs: rankConfigs(aggregate(outcomes)),
  };
}
