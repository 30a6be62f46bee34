/** Malformed specs and the exact error each must produce (file x.yaml; line 6 = first spec line). */
export const HEAD = 'apiVersion: zapsweep/v1\nkind: Sweep\nmetadata:\n  name: t\nspec:\n';

/** A spec whose `spec:` body is `lines` (each already indented by two spaces). */
export function withSpec(...lines: string[]): string {
  return HEAD + lines.map((l) => `${l}\n`).join('');
}

export interface MalformedCase {
  name: string;
  text: string;
  errors: string[];
}

export const malformed: MalformedCase[] = [
  { name: 'wrong apiVersion', text: HEAD.replace('zapsweep/v1', 'zapsweep/v2') + '  seeds: 1\n', errors: [
      'x.yaml:1:13: apiVersion: expected "zapsweep/v1", found "zapsweep/v2"',
    ] },
  { name: 'wrong kind', text: HEAD.replace('Sweep\n', 'Experiment\n') + '  seeds: 1\n', errors: [
      'x.yaml:2:7: kind: expected "Sweep", found "Experiment"',
    ] },
  { name: 'missing apiVersion', text: HEAD.replace('apiVersion: zapsweep/v1\n', '') + '  seeds: 1\n', errors: [
      'x.yaml:1:1: apiVersion: missing required key "apiVersion" (expected "zapsweep/v1")',
    ] },
  { name: 'upper-case name', text: HEAD.replace('name: t', 'name: ZapSweep') + '  seeds: 1\n', errors: [
      'x.yaml:4:9: metadata.name: expected a DNS-1123 label: lower-case letters, digits and "-", starting and ending with a letter or digit, found "ZapSweep"',
    ] },
  { name: 'name too long', text: HEAD.replace('name: t', `name: ${'a'.repeat(70)}`) + '  seeds: 1\n', errors: [
      'x.yaml:4:9: metadata.name: expected at most 63 characters, found 70 characters',
    ] },
  { name: 'unknown top-level key', text: HEAD + '  seeds: 1\nstatus: {}\n', errors: [
      'x.yaml:7:1: status: unknown key "status"; known keys: apiVersion, kind, metadata, spec',
    ] },
  { name: 'unknown key under spec', text: withSpec('  seed: 3'), errors: [
      'x.yaml:6:3: spec.seed: unknown key "seed"; did you mean "seeds"?',
    ] },
  { name: 'unknown key in experiment.pretrain', text: withSpec('  experiment:', '    pretrain:', '      zapevery: 2'), errors: [
      'x.yaml:8:7: spec.experiment.pretrain.zapevery: unknown key "zapevery"; did you mean "zapEvery"?',
    ] },
  { name: 'unknown key without a close match', text: withSpec('  experiment:', '    model:', '      dropout: 0.5'), errors: [
      'x.yaml:8:7: spec.experiment.model.dropout: unknown key "dropout"; known keys: convBlocks, width, growth, norm, padding, pool, headSize',
    ] },
  { name: 'unknown key in a distribution', text: withSpec('  search: {kind: random, trials: 4}', '  parameters:', '    learningRate: {distribution: uniform, min: 0.1, max: 1, step: 0.1}'), errors: [
      'x.yaml:8:61: spec.parameters.learningRate.step: unknown key "step"; known keys: distribution, min, max',
    ] },
  { name: 'wrong type: epochs as text', text: withSpec('  experiment:', '    pretrain:', '      epochs: four'), errors: [
      'x.yaml:8:15: spec.experiment.pretrain.epochs: expected a positive integer, found "four"',
    ] },
  { name: 'wrong type: metadata as a list', text: 'apiVersion: zapsweep/v1\nkind: Sweep\nmetadata: [t]\nspec: {}\n', errors: [
      'x.yaml:3:11: metadata: expected a mapping, found a list',
    ] },
  { name: 'wrong type: parameters as a list', text: withSpec('  parameters: [zapEvery]'), errors: [
      'x.yaml:6:15: spec.parameters: expected a mapping, found a list',
    ] },
  { name: 'negative epochs', text: withSpec('  experiment:', '    pretrain:', '      epochs: -3'), errors: [
      'x.yaml:8:15: spec.experiment.pretrain.epochs: expected a positive integer, found -3',
    ] },
  { name: 'fractional epochs', text: withSpec('  experiment:', '    transfer:', '      epochs: 1.5'), errors: [
      'x.yaml:8:15: spec.experiment.transfer.epochs: expected a positive integer, found 1.5',
    ] },
  { name: 'convBlocks out of range', text: withSpec('  experiment:', '    model:', '      convBlocks: 7'), errors: [
      'x.yaml:8:19: spec.experiment.model.convBlocks: expected an integer from 1 to 4, found 7',
    ] },
  { name: 'zapEvery -1 in an axis', text: withSpec('  parameters:', '    zapEvery: [0, -1, 4]'), errors: [
      'x.yaml:7:19: spec.parameters.zapEvery[1]: expected a non-negative integer, found -1',
    ] },
  { name: 'unknown optimizer in an axis', text: withSpec('  parameters:', '    optimizer:', '      - adam', '      - rmsprop'), errors: [
      'x.yaml:9:9: spec.parameters.optimizer[1]: expected one of "adam", "adamw" or "sgd", found "rmsprop"',
    ] },
  { name: 'unknown parameter path', text: withSpec('  parameters:', '    transfer.lerningRate: [0.1, 0.01]'), errors: [
      'x.yaml:7:5: spec.parameters["transfer.lerningRate"]: unknown parameter "transfer.lerningRate"; did you mean "transfer.learningRate"?',
    ] },
  { name: 'unknown parameter shorthand (case)', text: withSpec('  parameters:', '    zapevery: [0, 1]'), errors: [
      'x.yaml:7:5: spec.parameters.zapevery: unknown parameter "zapevery"; did you mean "zapEvery"?',
    ] },
  { name: 'bare field name in two sections', text: withSpec('  parameters:', '    epochs: [1, 2]'), errors: [
      'x.yaml:7:5: spec.parameters.epochs: unknown parameter "epochs"; did you mean "pretrain.epochs" or "transfer.epochs"?',
    ] },
  { name: 'section as parameter', text: withSpec('  parameters:', '    model: [1, 2]'), errors: [
      'x.yaml:7:5: spec.parameters.model: "model" is a section of the experiment, not a field; sweep one of its fields, e.g. "model.convBlocks"',
    ] },
  { name: 'same field twice', text: withSpec('  parameters:', '    zapEvery: [0, 1]', '    experiment.pretrain.zapEvery: [2]'), errors: [
      'x.yaml:8:5: spec.parameters["experiment.pretrain.zapEvery"]: "experiment.pretrain.zapEvery" sweeps pretrain.zapEvery, which "zapEvery" already sweeps; keep one of the two',
    ] },
  { name: 'scalar values for a list field', text: withSpec('  parameters:', '    resetLayers: [head, conv1]'), errors: [
      'x.yaml:7:19: spec.parameters.resetLayers[0]: expected a non-empty list of strings, found "head"; each value of this axis is a list itself, e.g. [[head]]',
      'x.yaml:7:25: spec.parameters.resetLayers[1]: expected a non-empty list of strings, found "conv1"; each value of this axis is a list itself, e.g. [[conv1]]',
    ] },
  { name: 'duplicate axis value', text: withSpec('  parameters:', '    zapEvery: [1, 2, 1]'), errors: [
      'x.yaml:7:22: spec.parameters.zapEvery[2]: duplicate value 1 (also at zapEvery[0]); list each value once',
    ] },
  { name: 'overlapping classes', text: withSpec('  experiment:', '    dataset:', '      oldClasses: [0, 1, 2]', '      newClasses: [2, 3]'), errors: [
      'x.yaml:9:20: spec.experiment.dataset.newClasses[0]: class 2 is in both oldClasses and newClasses; the old and new tasks must be disjoint',
    ] },
  { name: 'class label 12 for mnist', text: withSpec('  experiment:', '    dataset:', '      newClasses: [5, 12]'), errors: [
      'x.yaml:8:23: spec.experiment.dataset.newClasses[1]: expected a class label of mnist (0 to 9), found 12',
    ] },
  { name: 'overlap created by an axis value', text: withSpec('  parameters:', '    dataset.newClasses: [[5, 6], [4, 7]]'), errors: [
      'x.yaml:7:35: spec.parameters["dataset.newClasses"][1][0]: class 4 is in both oldClasses and newClasses; the old and new tasks must be disjoint',
    ] },
  { name: 'more images per class than the dataset has', text: withSpec('  experiment:', '    dataset:', '      trainPerClass: 900', '      testPerClass: 100'), errors: [
      'x.yaml:8:22: spec.experiment.dataset.trainPerClass: expected trainPerClass + testPerClass at most 863 (mnist class 5 has 863 images), found 1000',
    ] },
  { name: 'too many images through an axis value', text: withSpec('  parameters:', '    dataset.trainPerClass: [100, 950]'), errors: [
      'x.yaml:7:34: spec.parameters["dataset.trainPerClass"][1]: expected trainPerClass + testPerClass at most 863 (mnist class 5 has 863 images), found 1000',
    ] },
  { name: 'conv layer beyond convBlocks', text: withSpec('  experiment:', '    pretrain:', '      resetLayers: [head, conv3]'), errors: [
      'x.yaml:8:27: spec.experiment.pretrain.resetLayers[1]: expected "head" or a conv block conv1 to conv2 (model.convBlocks is 2), found "conv3"',
    ] },
  { name: 'unknown dataset', text: withSpec('  experiment:', '    dataset:', '      name: emnist'), errors: [
      'x.yaml:8:13: spec.experiment.dataset.name: expected one of "mnist", "fashion-mnist", "glyphs" or "omniglot", found "emnist"',
    ] },
  { name: 'class range beyond the dataset', text: withSpec('  experiment:', '    dataset:', '      name: glyphs', '      oldClasses: { count: 1620 }', '      newClasses: { count: 10 }', '      trainPerClass: 15', '      testPerClass: 5'), errors: [
      'x.yaml:10:7: spec.experiment.dataset.newClasses[3]: expected a class label of glyphs (0 to 1622), found 1623',
    ] },
  { name: 'empty class range', text: withSpec('  experiment:', '    dataset:', '      oldClasses: { from: 0, count: 0 }'), errors: [
      'x.yaml:8:37: spec.experiment.dataset.oldClasses.count: expected a positive integer up to 100000, found 0',
    ] },
  { name: 'pool list of the wrong length', text: withSpec('  experiment:', '    model:', '      convBlocks: 3', '      pool: [true, false]'), errors: [
      'x.yaml:9:13: spec.experiment.model.pool: expected one entry per conv block (model.convBlocks is 3), found 2 entries',
    ] },
  { name: 'valid padding shrinking images to nothing', text: withSpec('  experiment:', '    model:', '      convBlocks: 4', '      padding: valid'), errors: [
      'x.yaml:8:19: spec.experiment.model.convBlocks: 4 conv blocks (padding valid) shrink 28x28 images to nothing (sides 28 -> 13 -> 5 -> 1 -> 0); use fewer blocks, padding same or fewer pools',
    ] },
  { name: 'head smaller than the classes', text: withSpec('  experiment:', '    model:', '      headSize: 8'), errors: [
      'x.yaml:8:17: spec.experiment.model.headSize: expected at least 10 (one output per old and new class), found 8',
    ] },
  { name: 'more shots than training images', text: withSpec('  experiment:', '    dataset: { name: glyphs, trainPerClass: 15, testPerClass: 5 }', '    transfer: { mode: sequential, shots: 20 }'), errors: [
      'x.yaml:8:42: spec.experiment.transfer.shots: expected at most dataset.trainPerClass (15), found 20',
    ] },
  { name: 'unknown zap scope', text: withSpec('  experiment:', '    pretrain:', '      zapScope: rows'), errors: [
      'x.yaml:8:17: spec.experiment.pretrain.zapScope: expected one of "layer" or "classes", found "rows"',
    ] },
  { name: 'unknown key in pretrain.asb', text: withSpec('  experiment:', '    pretrain:', '      method: asb', '      asb: { episode: 10 }'), errors: [
      'x.yaml:9:14: spec.experiment.pretrain.asb.episode: unknown key "episode"; did you mean "episodes"?',
    ] },
  { name: 'conv layer beyond a swept convBlocks', text: withSpec('  parameters:', '    model.convBlocks: [2, 3]', '    resetLayers: [[conv3]]'), errors: [
      'x.yaml:8:5: spec.parameters.resetLayers: the configuration {"model.convBlocks":2,"pretrain.resetLayers":["conv3"]} is invalid: experiment.pretrain.resetLayers[0]: expected "head" or a conv block conv1 to conv2 (model.convBlocks is 2), found "conv3"',
    ] },
  { name: 'log-uniform with min 0', text: withSpec('  search: {kind: random, trials: 4}', '  parameters:', '    learningRate: {distribution: log-uniform, min: 0, max: 0.1}'), errors: [
      'x.yaml:8:52: spec.parameters.learningRate.min: expected a positive number, found 0',
    ] },
  { name: 'uniform with min > max', text: withSpec('  search: {kind: random, trials: 4}', '  parameters:', '    learningRate:', '      distribution: uniform', '      min: 0.5', '      max: 0.1'), errors: [
      'x.yaml:11:12: spec.parameters.learningRate.max: expected a value greater than min (0.5), found 0.1',
    ] },
  { name: 'distribution on an integer field, fractional bound', text: withSpec('  search: {kind: random, trials: 4}', '  parameters:', '    zapEvery: {distribution: uniform, min: 0.5, max: 4}'), errors: [
      'x.yaml:8:44: spec.parameters.zapEvery.min: expected a non-negative integer, found 0.5',
    ] },
  { name: 'unknown distribution', text: withSpec('  search: {kind: random, trials: 4}', '  parameters:', '    learningRate: {distribution: normal, min: 0, max: 1}'), errors: [
      'x.yaml:8:34: spec.parameters.learningRate.distribution: expected one of "uniform", "log-uniform" or "choice", found "normal"',
    ] },
  { name: 'distribution under grid', text: withSpec('  parameters:', '    learningRate: {distribution: log-uniform, min: 0.0001, max: 0.1}'), errors: [
      'x.yaml:7:19: spec.parameters.learningRate: grid search needs a list of values, found a log-uniform distribution; list the values to try, or use "search: {kind: random, trials: N}"',
    ] },
  { name: 'empty axis list', text: withSpec('  parameters:', '    zapEvery: []'), errors: [
      'x.yaml:7:15: spec.parameters.zapEvery: expected a non-empty list, found an empty list',
    ] },
  { name: 'unknown search kind', text: withSpec('  search: {kind: bayes}'), errors: [
      'x.yaml:6:18: spec.search.kind: expected one of "grid", "random", "race" or "halving", found "bayes"',
    ] },
  { name: 'random search without trials', text: withSpec('  search:', '    kind: random'), errors: [
      'x.yaml:6:3: spec.search.trials: missing required key "trials" (expected a positive integer)',
    ] },
  { name: 'duplicate seeds', text: withSpec('  seeds: [0, 1, 0]'), errors: [
      'x.yaml:6:17: spec.seeds[2]: duplicate seed 0 (also at seeds[0]); seeds must be distinct',
    ] },
  { name: 'seeds 0', text: withSpec('  seeds: 0'), errors: [
      'x.yaml:6:10: spec.seeds: expected a positive integer, found 0; a seed count must be at least 1; to run only seed 0 write "seeds: [0]"',
    ] },
  { name: 'negative seed in a list', text: withSpec('  seeds: [1, -2]'), errors: [
      'x.yaml:6:14: spec.seeds[1]: expected a non-negative integer, found -2',
    ] },
  { name: 'maxTrials exceeded', text: withSpec('  parameters:', '    zapEvery: [0, 1, 2, 4]', '    optimizer: [adam, sgd]', '  seeds: 5', '  budget:', '    maxTrials: 20'), errors: [
      'x.yaml:11:16: spec.budget.maxTrials: the sweep expands to 40 trials (8 configurations × 5 seeds), more than maxTrials 20; raise spec.budget.maxTrials to at least 40, or sweep fewer values or seeds',
    ] },
  { name: 'maxTrials exceeded by default budget', text: withSpec('  search: {kind: random, trials: 600}', '  parameters:', '    zapEvery: [0, 1]', '  seeds: 2'), errors: [
      'x.yaml:5:1: spec.budget.maxTrials: the sweep expands to 1200 trials (600 configurations × 2 seeds), more than maxTrials 1000; raise spec.budget.maxTrials to at least 1200, or sweep fewer values or seeds',
    ] },
  { name: 'bad duration', text: withSpec('  budget:', '    trialTimeout: 10 minutes'), errors: [
      'x.yaml:7:19: spec.budget.trialTimeout: expected a duration like "90s", "10m" or "2h", found "10 minutes"',
    ] },
  { name: 'negative duration', text: withSpec('  budget:', '    trialTimeout: -5'), errors: [
      'x.yaml:7:19: spec.budget.trialTimeout: expected a positive number, found -5',
    ] },
  { name: 'unknown executor', text: withSpec('  executor: {kind: slurm}'), errors: [
      'x.yaml:6:20: spec.executor.kind: expected one of "local" or "kubernetes", found "slurm"',
    ] },
  { name: 'YAML syntax error', text: withSpec('  parameters:', '    zapEvery: [0, 1', '  seeds: 2'), errors: [
      'x.yaml:8:3: YAML syntax error: flow sequence in block collection must be sufficiently indented and end with a ]',
    ] },
  { name: 'YAML duplicate key', text: withSpec('  seeds: 1', '  seeds: 2'), errors: [
      'x.yaml:7:3: YAML syntax error: duplicate key in a mapping',
    ] },
  { name: 'YAML tab indentation', text: withSpec('  experiment:', '\tmodel: {}'), errors: [
      'x.yaml:7:1: YAML syntax error: tabs are not allowed for indentation in YAML; use spaces',
    ] },
  { name: 'several documents', text: withSpec('  seeds: 1') + '---\nkind: Sweep\n', errors: [
      'x.yaml:7:1: YAML syntax error: the file holds several YAML documents ("---"); a spec is one document',
    ] },
  { name: 'empty file', text: '', errors: [
      'x.yaml: the spec is empty; expected a mapping with apiVersion, kind, metadata and spec',
    ] },
  { name: 'comments only', text: '# nothing here\n', errors: [
      'x.yaml: the spec is empty; expected a mapping with apiVersion, kind, metadata and spec',
    ] },
  { name: 'a list document', text: '- apiVersion: zapsweep/v1\n', errors: [
      'x.yaml:1:1: expected a mapping with apiVersion, kind, metadata and spec, found a list',
    ] },
  { name: 'a scalar document', text: 'hello\n', errors: [
      'x.yaml:1:1: expected a mapping with apiVersion, kind, metadata and spec, found "hello"',
    ] },
];
