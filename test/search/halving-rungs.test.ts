import { describe, expect, it } from 'vitest';
import { halvingState } from '../../src/search/halving-rungs.js';
import type { KnownOutcome } from '../../src/search/race-rounds.js';
import { expand } from '../../src/spec/expand.js';
import { parseSpecText } from '../../src/spec/load.js';
import type { Trial } from '../../src/spec/trial.js';
import { withSpec } from '../spec/cases.js';

/** 9 configurations (zapEvery 0..8) × rungs pretrain.epochs [1, 3, 9] × 2 seeds. */
function sweep(extra: string[] = []) {
  return parseSpecText(withSpec('  seeds: 2', '  parameters:', '    zapEvery: [0, 1, 2, 3, 4, 5, 6, 7, 8]', '  search: {kind: halving, fidelity: {path: pretrain.epochs, values: [1, 3, 9]}, eta: 3, objective: newAccAfter}', ...extra), 'x.yaml').sweep;
}

/** Value of a trial: zapEvery z is worth z/10, plus the epochs/100 (longer is better), or a table. */
function known(score: (t: Trial) => number | undefined, ran?: (t: Trial) => boolean) {
  return (universe: readonly Trial[]) => {
    const byId = new Map(universe.map((t) => [t.trialId, t]));
    return (id: string): KnownOutcome | undefined => {
      const t = byId.get(id);
      if (t === undefined || (ran && !ran(t))) return undefined;
      const v = score(t);
      return v === undefined ? { settled: true } : { settled: true, metrics: { newAccAfter: v } };
    };
  };
}
const byZap = (t: Trial): number => t.experiment.pretrain.zapEvery / 10 + t.experiment.pretrain.epochs / 100;

function run(score: (t: Trial) => number | undefined, o: { maxTrials?: number; ran?: (t: Trial) => boolean } = {}) {
  const s = sweep();
  const universe = expand(s);
  if (s.spec.search.kind !== 'halving') throw new Error('halving');
  return { universe, state: halvingState({ halving: s.spec.search, universe, maxTrials: o.maxTrials ?? 1000, outcome: known(score, o.ran)(universe) }) };
}

describe('successive halving', () => {
  it('promotes the top 1/eta at each rung: 9 -> 3 -> 1 configurations', () => {
    const { state } = run(byZap);
    expect(state.end).toBe('last-rung');
    expect(state.ladder.map((r) => r.length)).toEqual([9, 3, 1]);
    expect(state.trials).toHaveLength((9 + 3 + 1) * 2);
    const epochsOf = (zap: number[]) => state.trials.filter((t) => zap.includes(t.experiment.pretrain.zapEvery)).map((t) => t.experiment.pretrain.epochs);
    expect(new Set(epochsOf([8]))).toEqual(new Set([1, 3, 9]));
    expect(new Set(epochsOf([6, 7]))).toEqual(new Set([1, 3]));
    expect(new Set(epochsOf([0, 1, 2, 3, 4, 5]))).toEqual(new Set([1]));
  });

  it('a rung not settled yet: nothing promoted, the plan is that rung', () => {
    const { state } = run(byZap, { ran: (t) => t.experiment.pretrain.epochs === 1 && t.seed === 0 });
    expect(state.end).toBeUndefined();
    expect(state.rungs).toBe(1);
    expect(state.trials).toHaveLength(18);
  });

  it('resume: the same plan from the same settled trials', () => {
    const full = run(byZap).state;
    const mid = run(byZap, { ran: (t) => t.experiment.pretrain.epochs < 9 }).state;
    expect(mid.trials.map((t) => t.trialId)).toEqual(full.trials.map((t) => t.trialId));
    expect(mid.end).toBeUndefined();
  });

  it('configurations without a result rank last', () => {
    const { state } = run((t) => (t.experiment.pretrain.zapEvery >= 6 ? undefined : byZap(t)));
    expect(state.ladder[1]?.length).toBe(3);
    const promoted = new Set(state.trials.filter((t) => t.experiment.pretrain.epochs === 3).map((t) => t.experiment.pretrain.zapEvery));
    expect(promoted).toEqual(new Set([3, 4, 5]));
  });

  it('budget: the next rung that does not fit is not started', () => {
    const { state } = run(byZap, { maxTrials: 18 + 5 });
    expect(state.end).toBe('budget');
    expect(state.trials).toHaveLength(18);
  });

  it('ties keep the expansion order', () => {
    const { state } = run(() => 0.5);
    const promoted = [...new Set(state.trials.filter((t) => t.experiment.pretrain.epochs === 3).map((t) => t.experiment.pretrain.zapEvery))];
    expect(promoted).toEqual([0, 1, 2]);
  });
});
