/**
 * Checks on the optimizer knobs of `pretrain` and `transfer` that the schema cannot express
 * (paths relative to the experiment; see experiment-checks.ts for `involves`).
 */
import type { ExperimentIssue } from './experiment-checks.js';
import type { Experiment } from './schema.js';

type PhaseName = 'pretrain' | 'transfer';

export function optimizerIssues(experiment: Experiment): ExperimentIssue[] {
  return [...phaseIssues(experiment, 'pretrain'), ...phaseIssues(experiment, 'transfer'), ...protocolIssues(experiment)];
}

function phaseIssues(experiment: Experiment, phase: PhaseName): ExperimentIssue[] {
  const p = experiment[phase];
  const issues: ExperimentIssue[] = [];
  const at = (field: string): string => `${phase}.${field}`;
  if (p.momentum > 0 && p.optimizer !== 'sgd') {
    issues.push({
      path: [phase, 'momentum'],
      message: `momentum applies to optimizer sgd only (${phase}.optimizer is ${p.optimizer}; Adam's betas are fixed at 0.9, 0.999)`,
      involves: [at('momentum'), at('optimizer')],
    });
  }
  if (p.nesterov && (p.optimizer !== 'sgd' || p.momentum === 0)) {
    issues.push({
      path: [phase, 'nesterov'],
      message: `nesterov needs optimizer sgd with momentum > 0 (found optimizer ${p.optimizer}, momentum ${p.momentum})`,
      involves: [at('nesterov'), at('optimizer'), at('momentum')],
    });
  }
  if (p.schedule.kind === 'cosine' && p.schedule.minLearningRate >= p.learningRate) {
    const expected = `less than ${phase}.learningRate (${p.learningRate})`;
    issues.push({
      path: [phase, 'schedule', 'minLearningRate'],
      expected,
      found: String(p.schedule.minLearningRate),
      message: `expected ${expected}, found ${p.schedule.minLearningRate}`,
      involves: [at('schedule'), at('learningRate')],
    });
  }
  return issues;
}

/** Schedules are per epoch: ASB episodes and the single pass of sequential transfer have none. */
function protocolIssues({ pretrain, transfer }: Experiment): ExperimentIssue[] {
  const issues: ExperimentIssue[] = [];
  if (pretrain.method === 'asb' && (pretrain.schedule.kind !== 'constant' || pretrain.warmup !== undefined)) {
    const field = pretrain.schedule.kind !== 'constant' ? 'schedule' : 'warmup';
    issues.push({
      path: ['pretrain', field],
      message: `pretrain.${field} needs epochs; pretrain.method asb runs episodes (use method iid, or drop the ${field})`,
      involves: [`pretrain.${field}`, 'pretrain.method'],
    });
  }
  if (transfer.mode === 'sequential' && transfer.schedule.kind !== 'constant') {
    issues.push({
      path: ['transfer', 'schedule'],
      message: 'transfer.schedule is per epoch, and sequential transfer is a single pass (one epoch): the rate would never move; use warmup: { steps: N } or mode iid',
      involves: ['transfer.schedule', 'transfer.mode'],
    });
  }
  if (transfer.mode === 'sequential' && transfer.warmup?.epochs !== undefined) {
    issues.push({
      path: ['transfer', 'warmup', 'epochs'],
      message: 'sequential transfer is a single pass: give its warmup in steps (images), e.g. warmup: { steps: 50 }',
      involves: ['transfer.warmup', 'transfer.mode'],
    });
  }
  return issues;
}
