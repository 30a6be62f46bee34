/** Reads a stored sweep back: its record, spec, trials, event fold, outcomes and ranked results. */
import { buildResults } from '../analysis/results.js';
import type { ResultsJson, TrialOutcome } from '../analysis/types.js';
import { SweepFold } from '../ledger/fold.js';
import { toOutcomes } from '../ledger/outcomes.js';
import { searchSummary } from '../search/report.js';
import { planFromFold } from '../search/session-plan.js';
import { expand } from '../spec/expand.js';
import { loadSpecFile } from '../spec/load.js';
import type { Sweep } from '../spec/schema.js';
import type { Trial } from '../spec/trial.js';
import type { ResultsStore, SweepRecord } from '../store/types.js';
import { UsageError } from './errors.js';

export interface SweepState {
  record: SweepRecord;
  sweep: Sweep;
  /** The trials the sweep holds (a race or halving: the rounds planned so far). */
  trials: Trial[];
  /** Every trial the spec expands to (a race's later rounds come from it; grid: the same as trials). */
  universe: Trial[];
  fold: SweepFold;
  outcomes: TrialOutcome[];
  results: ResultsJson;
  /** Records in the log that failed validation (skipped). */
  malformed: number;
}

export async function loadSweepState(store: ResultsStore & { root?: string }, sweepId: string): Promise<SweepState> {
  const record = await store.getSweep(sweepId);
  if (!record) throw new UsageError(`no sweep "${sweepId}" in ${store.root ?? 'the store'} (see: zapsweep ls)`);
  const { sweep } = await loadSpecFile(store.specPath(sweepId));
  const fold = new SweepFold();
  const { events, malformed } = await store.readEvents(sweepId);
  fold.applyAll(events.filter((e) => e.sweepId === sweepId));
  // A race or halving holds the trials its rounds planned (replayed from the log), not the whole grid.
  const universe = expand(sweep);
  const { trials: planned, plan } = planFromFold(sweep, universe, fold);
  const trials = [...planned];
  const outcomes = toOutcomes(trials, fold, sweep.spec.budget.retries);
  const results = buildResults({ id: record.id, name: record.name, status: record.status }, outcomes, searchSummary(sweep, plan));
  return { record, sweep, trials, universe, fold, outcomes, results, malformed };
}
