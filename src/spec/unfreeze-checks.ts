/** Checks on gradual unfreezing (transfer.trainLayers progressive, transfer.unfreeze). */
import type { ExperimentIssue } from './experiment-checks.js';
import type { Experiment } from './schema.js';

export function unfreezeIssues({ transfer, model, dataset }: Experiment): ExperimentIssue[] {
  const issues: ExperimentIssue[] = [];
  const involves = ['transfer.trainLayers', 'transfer.unfreeze'];
  if (transfer.trainLayers === 'progressive' && transfer.unfreeze === undefined) {
    issues.push({ path: ['transfer', 'trainLayers'], message: 'trainLayers progressive needs transfer.unfreeze, e.g. [{ after: 1, layers: [conv3] }, { after: 2, layers: all }]', involves });
  }
  if (transfer.unfreeze === undefined) return issues;
  if (transfer.trainLayers !== 'progressive') {
    issues.push({ path: ['transfer', 'unfreeze'], message: `transfer.unfreeze applies to trainLayers progressive (trainLayers is ${transfer.trainLayers})`, involves });
    return issues;
  }
  const sequential = transfer.mode === 'sequential';
  const units = sequential ? dataset.newClasses.length : transfer.epochs;
  const unit = sequential ? `new classes (dataset.newClasses has ${units})` : `epochs (transfer.epochs is ${units})`;
  let previous = 0;
  transfer.unfreeze.forEach((stage, i) => {
    const at = ['transfer', 'unfreeze', i];
    if (stage.after <= previous) {
      const expected = `more than the stage before (${previous})`;
      issues.push({ path: [...at, 'after'], expected, found: String(stage.after), message: `expected ${expected}, found ${stage.after}`, involves });
    } else if (stage.after >= units) {
      issues.push({ path: [...at, 'after'], message: `after ${stage.after} is never reached: transfer lasts ${units} ${unit}`, involves: [...involves, sequential ? 'dataset.newClasses' : 'transfer.epochs', 'transfer.mode'] });
    }
    previous = Math.max(previous, stage.after);
    if (stage.layers === 'all') return;
    stage.layers.forEach((layer, j) => {
      const block = /^conv(\d+)$/.exec(layer);
      if (!block || Number(block[1]) <= model.convBlocks) return;
      const expected = `a conv block conv1 to conv${model.convBlocks} (model.convBlocks is ${model.convBlocks})`;
      issues.push({ path: [...at, 'layers', j], expected, found: JSON.stringify(layer), message: `expected ${expected}, found ${JSON.stringify(layer)}`, involves: [...involves, 'model.convBlocks'] });
    });
  });
  return issues;
}
