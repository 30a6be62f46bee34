/**
 * Checks on the partial and alternative zap knobs of `pretrain` that the schema cannot express
 * (paths relative to the experiment; see experiment-checks.ts for `involves`).
 */
import type { ExperimentIssue } from './experiment-checks.js';
import type { Experiment } from './schema.js';

export function zapIssues({ pretrain: p, model, dataset }: Experiment): ExperimentIssue[] {
  const issues: ExperimentIssue[] = [];
  const partialKey = p.zapCount !== undefined ? 'zapCount' : 'zapFraction';
  const partial = p.zapCount !== undefined || p.zapFraction < 1;
  // 1. one way to size a partial zap, of the head, in layer scope
  if (p.zapCount !== undefined && p.zapFraction < 1) {
    issues.push({ path: ['pretrain', 'zapCount'], message: `give pretrain.zapFraction (${p.zapFraction}) or pretrain.zapCount (${p.zapCount}), not both`, involves: ['pretrain.zapCount', 'pretrain.zapFraction'] });
  }
  if (partial && p.zapScope === 'classes') {
    issues.push({ path: ['pretrain', partialKey], message: `pretrain.${partialKey} draws random head rows; zapScope classes already picks the rows (use zapScope layer)`, involves: [`pretrain.${partialKey}`, 'pretrain.zapScope'] });
  }
  if (partial && !p.resetLayers.includes('head')) {
    issues.push({ path: ['pretrain', partialKey], message: `pretrain.${partialKey} picks head rows, but resetLayers (${p.resetLayers.join(', ')}) has no head`, involves: [`pretrain.${partialKey}`, 'pretrain.resetLayers'] });
  }
  const heads = model.headSize ?? dataset.oldClasses.length + dataset.newClasses.length;
  if (p.zapCount !== undefined && p.zapCount > heads) {
    const expected = `at most the head's ${heads} outputs`;
    issues.push({ path: ['pretrain', 'zapCount'], expected, found: String(p.zapCount), message: `expected ${expected}, found ${p.zapCount}`, involves: ['pretrain.zapCount', 'model.headSize', 'dataset.oldClasses', 'dataset.newClasses'] });
  }
  // 2. shrink and perturb belong to zapMode shrink-perturb, and it needs both
  if (p.zapMode === 'shrink-perturb') {
    for (const key of ['shrink', 'perturb'] as const) {
      if (p[key] === undefined) {
        issues.push({ path: ['pretrain', 'zapMode'], message: `zapMode shrink-perturb needs pretrain.${key} (w <- shrink * w + perturb * fresh sample), e.g. shrink: 0.4, perturb: 0.1`, involves: ['pretrain.zapMode', `pretrain.${key}`] });
      }
    }
  } else {
    for (const key of ['shrink', 'perturb'] as const) {
      if (p[key] !== undefined) {
        issues.push({ path: ['pretrain', key], message: `pretrain.${key} applies to zapMode shrink-perturb (zapMode is ${p.zapMode})`, involves: ['pretrain.zapMode', `pretrain.${key}`] });
      }
    }
  }
  // 3. biased steps follow the zaps of i.i.d. pre-training
  if (p.zapBiasedSteps > 0 && p.method === 'asb') {
    issues.push({ path: ['pretrain', 'zapBiasedSteps'], message: 'pretrain.zapBiasedSteps applies to method iid (ASB episodes already train on the zapped class)', involves: ['pretrain.zapBiasedSteps', 'pretrain.method'] });
  }
  if (p.zapBiasedFraction > 0 && p.zapBiasedSteps === 0) {
    issues.push({ path: ['pretrain', 'zapBiasedFraction'], message: 'pretrain.zapBiasedFraction shapes the biased steps, but zapBiasedSteps is 0', involves: ['pretrain.zapBiasedFraction', 'pretrain.zapBiasedSteps'] });
  }
  return issues;
}
