/**
 * The results JSON (DESIGN.md, "Results JSON"): trial counts plus configurations ranked best first.
 * Pure: the caller supplies the sweep's identity and status and every trial outcome it knows of.
 */
import { aggregate } from './aggregate.js';
import { rankConfigs } from './rank.js';
import type { PretrainingCounts, RankedConfig, ResultsJson, SearchSummary, SweepInfo, TrialCounts, TrialOutcome } from './types.js';

/** `total` counts every outcome (pending included); the other three count their status. */
export function countTrials(outcomes: readonly TrialOutcome[]): TrialCounts {
  const counts: TrialCounts = { total: outcomes.length, succeeded: 0, failed: 0, running: 0 };
  for (const o of outcomes) {
    if (o.status === 'succeeded') counts.succeeded++;
    else if (o.status === 'failed') counts.failed++;
    else if (o.status === 'running') counts.running++;
    else if (o.status === 'stopped') counts.stopped = (counts.stopped ?? 0) + 1;
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

/**
 * `search`: an adaptive search's summary (race, halving; src/search/report.ts). A raced sweep
 * lists its survivors first (racing picks among them), each part in the usual order.
 */
export function buildResults(sweep: SweepInfo, outcomes: readonly TrialOutcome[], search?: SearchSummary): ResultsJson {
  const ranked = rankConfigs(aggregate(outcomes));
  const pretrainings = countPretrainings(outcomes);
  return {
    sweep: { id: sweep.id, name: sweep.name, status: sweep.status, trials: countTrials(outcomes), ...(pretrainings ? { pretrainings } : {}), ...(search ? { search: search.info } : {}) },
    configs: search === undefined ? ranked : withSearch(ranked, search),
  };
}

function withSearch(ranked: readonly RankedConfig[], search: SearchSummary): RankedConfig[] {
  const marked = ranked.map((c) => {
    const race = search.race?.get(c.configId);
    const rung = search.halving?.get(c.configId);
    return { ...c, ...(race ? { race } : {}), ...(rung ? { halving: rung } : {}) };
  });
  const out = (c: RankedConfig): boolean => (c.race?.eliminated.length ?? 0) > 0;
  const ordered = [...marked.filter((c) => !out(c)), ...marked.filter(out)];
  ordered.forEach((c, i) => (c.rank = i + 1));
  return ordered;
}
