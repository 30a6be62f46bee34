/** An adaptive search's plan as the results JSON shows it (analysis/types.ts SearchSummary). Pure. */
import type { ConfigRace, ConfigRung, SearchSummary } from '../analysis/types.js';
import type { Sweep } from '../spec/schema.js';
import type { ObjectiveSpec } from '../spec/search-schema.js';
import type { SweepFold } from '../ledger/fold.js';
import { outcomeOfFold } from './known.js';
import type { SearchPlan, TrialPlanner } from './planner.js';

/** The summary of a planner's plan given a fold (undefined for grid and random). */
export function searchSummaryOf(sweep: Sweep, planner: TrialPlanner, fold: SweepFold): SearchSummary | undefined {
  return planner.adaptive ? searchSummary(sweep, planner.plan(outcomeOfFold(fold, sweep.spec.budget.retries))) : undefined;
}

export function searchSummary(sweep: Sweep, plan: SearchPlan): SearchSummary | undefined {
  const search = sweep.spec.search;
  if (plan.race !== undefined && search.kind === 'race') {
    const { race } = plan;
    const byConfig = new Map<string, ConfigRace>();
    for (const [configId, rounds] of race.roundsOf) byConfig.set(configId, { rounds, eliminated: [] });
    for (const e of race.eliminations) {
      const { configId: _c, ...why } = e;
      byConfig.get(e.configId)?.eliminated.push({ ...why });
    }
    return {
      info: { kind: 'race', rounds: race.rounds, end: race.end ?? null, objective: objectiveName(search.objective), survivors: [...race.survivors], pick: race.pick ?? null, adaptive: true },
      race: byConfig,
    };
  }
  if (plan.halving !== undefined && search.kind === 'halving') {
    const { halving } = plan;
    const rungs = new Map<string, ConfigRung>();
    halving.ladder.forEach((configs, rung) => {
      const fidelity = search.fidelity.values[rung] ?? Number.NaN;
      // A configuration at rung k+1 is another configId: promotion is read through the base order.
      const next = halving.ladder[rung + 1]?.length ?? 0;
      configs.forEach((configId, i) => rungs.set(configId, { rung, fidelity, promoted: i < next }));
    });
    return { info: { kind: 'halving', rounds: halving.rungs, end: halving.end ?? null, objective: objectiveName(search.objective), adaptive: true }, halving: rungs };
  }
  return undefined;
}

function objectiveName(o: ObjectiveSpec): string {
  return typeof o === 'string' ? o : `${o.metric}${o.direction === undefined ? '' : ` (${o.direction})`}`;
}
