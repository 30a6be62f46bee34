/**
 * What the results table says about an adaptive search (race, halving): a status cell per
 * configuration and the lines under the table (why each eliminated configuration went, and that
 * its interval is from fewer seeds). Pure string building.
 */
import { describeParameters } from '../spec/labels.js';
import { inPoints } from './metrics.js';
import type { RaceElimination, RankedConfig, ResultsJson } from './types.js';

/** The `search` column's cell, or undefined when the sweep is not adaptive. */
export function searchCell(c: RankedConfig): string | undefined {
  if (c.race !== undefined) {
    const e = c.race.eliminated[0];
    return e === undefined ? 'in race' : `out r${e.round + 1}`;
  }
  if (c.halving !== undefined) return `rung ${c.halving.rung + 1}${c.halving.promoted ? ' ↑' : ''}`;
  return undefined;
}

/** Lines under the table; empty for grid and random sweeps. */
export function searchLines(results: ResultsJson): string[] {
  const info = results.sweep.search;
  if (info === undefined) return [];
  const byId = new Map(results.configs.map((c) => [c.configId, c]));
  const label = (id: string | null): string => {
    const c = id === null ? undefined : byId.get(id);
    return c === undefined ? (id ?? '-') : describeParameters(c.parameters) || c.configId;
  };
  const out: string[] = [];
  if (info.kind === 'race') {
    const state = info.end === null ? 'running' : `ended: ${info.end}`;
    const pick = info.pick ? `; picks ${label(info.pick)}` : '';
    out.push(`race on ${info.objective}: ${info.rounds} round(s), ${state}${pick}`);
    for (const c of results.configs) {
      const e = c.race?.eliminated[0];
      if (e !== undefined) out.push(`  out after round ${e.round + 1}: ${label(c.configId)}: ${why(e, label)}`);
    }
  } else {
    out.push(`successive halving on ${info.objective}: ${info.rounds} rung(s), ${info.end === null ? 'running' : `ended: ${info.end}`}; ↑ promoted to the next rung`);
  }
  out.push('note: the search was adaptive: which configurations got more seeds depended on the results, so eliminated configurations\' intervals are from fewer seeds, and the leaders\' are optimistic (selected); confirm with fresh seeds (docs/racing.md "Confirming")');
  return out;
}

function why(e: RaceElimination, label: (id: string | null) => string): string {
  if (e.reason === 'no-result') return `no finite ${e.metric} on any seed`;
  const scale = inPoints(e.metric) ? 100 : 1;
  const unit = scale === 100 ? ' points' : '';
  const f = (x: number): string => (x * scale).toFixed(scale === 100 ? 1 : 3);
  const ci = e.ci === null ? '' : ` [${f(e.ci[0])}, ${f(e.ci[1])}]`;
  return `${label(e.rival)} is better on ${e.metric} by ${f(e.difference ?? Number.NaN)}${unit}${ci} over ${e.seeds} paired seeds, Holm-adjusted p ${e.pAdjusted?.toPrecision(2) ?? '-'}`;
}

/**
 * What `analyze` and `compare` say about a raced or halved sweep (undefined for grid and random):
 * its configurations did not all get the same seeds, by design.
 */
export function adaptiveNote(sweepId: string, results: ResultsJson): string | undefined {
  const info = results.sweep.search;
  if (info === undefined) return undefined;
  const seeds = results.configs.map((c) => c.seeds);
  const span = seeds.length === 0 ? '' : ` (${Math.min(...seeds)} to ${Math.max(...seeds)} seeds per configuration)`;
  const what = info.kind === 'race' ? 'a race: eliminated configurations stopped getting seeds where they looked worse' : 'successive halving: only promoted configurations ran at the higher fidelity';
  return `note: ${sweepId} is ${what}${span}; the elimination was adaptive, so the intervals of eliminated configurations are from fewer seeds and the winners' are optimistic; for unbiased intervals: zapsweep confirm ${sweepId} --seeds 5`;
}
