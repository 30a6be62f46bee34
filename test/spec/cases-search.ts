/** Malformed `search` blocks (race, halving, stopping) and the exact error each must produce. */
import { withSpec, type MalformedCase } from './cases.js';

export const malformedSearch: MalformedCase[] = [
  { name: 'race: minSeeds > maxSeeds', text: withSpec('  seeds: 10', '  search: {kind: race, minSeeds: 5, maxSeeds: 4}'), errors: [
      'x.yaml:7:34: spec.search.minSeeds: expected at most maxSeeds (4), found 5; lower minSeeds or raise maxSeeds',
    ] },
  { name: 'race: minSeeds > the seed pool', text: withSpec('  seeds: 2', '  search: {kind: race}'), errors: [
      "x.yaml:7:3: spec.search.minSeeds: expected at most the 2 seeds of spec.seeds (maxSeeds' default), found 3; give spec.seeds at least 3 seeds",
    ] },
  { name: 'race: maxSeeds > the seed pool', text: withSpec('  seeds: 4', '  search: {kind: race, maxSeeds: 6}'), errors: [
      'x.yaml:7:34: spec.search.maxSeeds: expected at most 4 (the seeds in spec.seeds), found 6; list more seeds (e.g. "seeds: 6") or lower maxSeeds',
    ] },
  { name: 'race: minSeeds 1', text: withSpec('  seeds: 5', '  search: {kind: race, minSeeds: 1}'), errors: [
      'x.yaml:7:34: spec.search.minSeeds: expected an integer of at least 2, found 1',
    ] },
  { name: 'race: alpha out of range', text: withSpec('  seeds: 5', '  search: {kind: race, alpha: 1.5}'), errors: [
      'x.yaml:7:31: spec.search.alpha: expected a positive number below 1, found 1.5',
    ] },
  { name: 'race: unknown key', text: withSpec('  seeds: 5', '  search: {kind: race, seedPerRound: 2}'), errors: [
      'x.yaml:7:24: spec.search.seedPerRound: unknown key "seedPerRound"; did you mean "seedsPerRound"?',
    ] },
  { name: 'race: unknown objective metric', text: withSpec('  seeds: 5', '  search: {kind: race, objective: newAccAftr}'), errors: [
      'x.yaml:7:35: spec.search.objective: unknown objective metric "newAccAftr"; expected pareto or a finished metric of docs/metrics.md; did you mean "newAccAfter"?',
    ] },
  { name: 'race: unknown objective metric (mapping)', text: withSpec('  seeds: 5', '  search: {kind: race, objective: {metric: accuracy, direction: minimize}}'), errors: [
      'x.yaml:7:44: spec.search.objective.metric: unknown objective metric "accuracy"; expected pareto or a finished metric of docs/metrics.md; one of oldAccBefore, oldAccAfter, retainedAccuracy, retention, forgetting, newAccBefore, newAccAfter, newTaskGain, seq.bwt, seq.learnAccuracy',
    ] },
  { name: 'race: a distribution axis', text: withSpec('  seeds: 5', '  search: {kind: race}', '  parameters:', '    learningRate: {distribution: uniform, min: 0.1, max: 1}'), errors: [
      'x.yaml:9:19: spec.parameters.learningRate: race search needs a list of values, found a uniform distribution; list the values to try, or use "search: {kind: random, trials: N}"',
    ] },
  { name: 'race: the first round over budget', text: withSpec('  seeds: 5', '  search: {kind: race, minSeeds: 3}', '  parameters:', '    zapEvery: [0, 1, 2, 3]', '  budget: {maxTrials: 10}'), errors: [
      'x.yaml:10:23: spec.budget.maxTrials: the sweep starts its race with 12 trials (4 configurations × 3 seeds), more than maxTrials 10; raise spec.budget.maxTrials to at least 12, or sweep fewer values or seeds',
    ] },
  { name: 'halving: fidelity path not numeric', text: withSpec('  search:', '    kind: halving', '    fidelity: {path: pretrain.optimizer, values: [1, 2]}'), errors: [
      'x.yaml:8:22: spec.search.fidelity.path: expected a numeric experiment field (e.g. pretrain.epochs), found pretrain.optimizer, which holds "adam"',
    ] },
  { name: 'halving: fidelity path not an experiment field', text: withSpec('  search:', '    kind: halving', '    fidelity: {path: pretrain.epoch, values: [1, 2]}'), errors: [
      'x.yaml:8:22: spec.search.fidelity.path: expected a numeric experiment field such as pretrain.epochs, found "pretrain.epoch" (unknown parameter "pretrain.epoch"); did you mean "pretrain.epochs"?',
    ] },
  { name: 'halving: fidelity path a section', text: withSpec('  search:', '    kind: halving', '    fidelity: {path: pretrain, values: [1, 2]}'), errors: [
      'x.yaml:8:22: spec.search.fidelity.path: expected a numeric experiment field such as pretrain.epochs, found "pretrain" ("pretrain" is a section of the experiment, not a field); sweep one of its fields, e.g. "pretrain.method"',
    ] },
  { name: 'halving: fidelity also swept', text: withSpec('  parameters:', '    pretrain.epochs: [1, 2]', '  search:', '    kind: halving', '    fidelity: {path: pretrain.epochs, values: [1, 2]}'), errors: [
      'x.yaml:10:22: spec.search.fidelity.path: pretrain.epochs is the fidelity and also swept by spec.parameters.pretrain.epochs; sweep it in one place only',
    ] },
  { name: 'halving: a rung value the field does not take', text: withSpec('  search:', '    kind: halving', '    fidelity: {path: pretrain.epochs, values: [2, 1.5]}'), errors: [
      'x.yaml:8:51: spec.search.fidelity.values[1]: pretrain.epochs takes a positive integer, found 1.5',
    ] },
  { name: 'halving: rungs not increasing', text: withSpec('  search:', '    kind: halving', '    fidelity: {path: pretrain.epochs, values: [6, 2]}'), errors: [
      'x.yaml:8:51: spec.search.fidelity.values[1]: rungs go from cheapest to dearest: expected a value above 6, found 2',
    ] },
  { name: 'stopping: unknown progress metric', text: withSpec('  search: {kind: grid, stopping: {rule: median, metric: pretrain.los}}'), errors: [
      'x.yaml:6:57: spec.search.stopping.metric: unknown progress metric "pretrain.los"; the median rule needs a curve (metric events with a step); did you mean "pretrain.loss"?',
    ] },
];
