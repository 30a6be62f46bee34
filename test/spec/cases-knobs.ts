/** Malformed specs for the papers' knobs (issue #17): optimizers, schedules, zaps, bundles. */
import { withSpec, type MalformedCase } from './cases.js';

export const malformedKnobs: MalformedCase[] = [
  { name: 'negative momentum', text: withSpec('  experiment:', '    pretrain: { optimizer: sgd, momentum: -0.5 }'), errors: [
      'x.yaml:7:43: spec.experiment.pretrain.momentum: expected a non-negative number below 1, found -0.5',
    ] },
  { name: 'momentum 1', text: withSpec('  experiment:', '    transfer:', '      momentum: 1'), errors: [
      'x.yaml:8:17: spec.experiment.transfer.momentum: expected a non-negative number below 1, found 1',
    ] },
  { name: 'momentum with adam', text: withSpec('  experiment:', '    pretrain: { optimizer: adam, momentum: 0.9 }'), errors: [
      'x.yaml:7:44: spec.experiment.pretrain.momentum: momentum applies to optimizer sgd only (pretrain.optimizer is adam; Adam\'s betas are fixed at 0.9, 0.999)',
    ] },
  { name: 'nesterov without momentum', text: withSpec('  experiment:', '    transfer: { optimizer: sgd, nesterov: true }'), errors: [
      'x.yaml:7:43: spec.experiment.transfer.nesterov: nesterov needs optimizer sgd with momentum > 0 (found optimizer sgd, momentum 0)',
    ] },
  { name: 'negative weight decay', text: withSpec('  experiment:', '    transfer: { weightDecay: -0.01 }'), errors: [
      'x.yaml:7:30: spec.experiment.transfer.weightDecay: expected a non-negative number up to 1, found -0.01',
    ] },
  { name: 'tMax 0', text: withSpec('  experiment:', '    pretrain:', '      schedule: { kind: cosine, tMax: 0 }'), errors: [
      'x.yaml:8:39: spec.experiment.pretrain.schedule.tMax: expected a positive integer, found 0',
    ] },
  { name: 'cosine floor above the rate', text: withSpec('  experiment:', '    pretrain:', '      learningRate: 0.001', '      schedule: { kind: cosine, minLearningRate: 0.01 }'), errors: [
      'x.yaml:9:50: spec.experiment.pretrain.schedule.minLearningRate: expected less than pretrain.learningRate (0.001), found 0.01',
    ] },
  { name: 'unknown schedule', text: withSpec('  experiment:', '    pretrain:', '      schedule: { kind: exponential }'), errors: [
      'x.yaml:8:25: spec.experiment.pretrain.schedule.kind: expected one of "constant", "cosine" or "step", found "exponential"',
    ] },
  { name: 'step schedule without every', text: withSpec('  experiment:', '    pretrain:', '      schedule: { kind: step, gamma: 0.1 }'), errors: [
      'x.yaml:8:7: spec.experiment.pretrain.schedule.every: missing required key "every" (expected a positive integer)',
    ] },
  { name: 'step gamma above 1', text: withSpec('  experiment:', '    pretrain:', '      schedule: { kind: step, every: 2, gamma: 2 }'), errors: [
      'x.yaml:8:48: spec.experiment.pretrain.schedule.gamma: expected a positive number up to 1, found 2',
    ] },
  { name: 'warmup in both units', text: withSpec('  experiment:', '    pretrain:', '      warmup: { steps: 10, epochs: 1 }'), errors: [
      'x.yaml:8:15: spec.experiment.pretrain.warmup: expected warmup in steps or in epochs (one of the two), e.g. { steps: 100 }',
    ] },
  { name: 'schedule with asb', text: withSpec('  experiment:', '    pretrain: { method: asb, schedule: { kind: cosine } }'), errors: [
      'x.yaml:7:40: spec.experiment.pretrain.schedule: pretrain.schedule needs epochs; pretrain.method asb runs episodes (use method iid, or drop the schedule)',
    ] },
  { name: 'schedule in sequential transfer', text: withSpec('  experiment:', '    transfer: { mode: sequential, schedule: { kind: cosine } }'), errors: [
      'x.yaml:7:45: spec.experiment.transfer.schedule: transfer.schedule is per epoch, and sequential transfer is a single pass (one epoch): the rate would never move; use warmup: { steps: N } or mode iid',
    ] },
  { name: 'negative clipGradNorm', text: withSpec('  experiment:', '    transfer: { clipGradNorm: -1 }'), errors: [
      'x.yaml:7:31: spec.experiment.transfer.clipGradNorm: expected a non-negative number, found -1',
    ] },
  { name: 'momentum -0.1 in an axis', text: withSpec('  parameters:', '    pretrain.momentum: [0, -0.1]', '  experiment:', '    pretrain: { optimizer: sgd }'), errors: [
      'x.yaml:7:28: spec.parameters["pretrain.momentum"][1]: expected a non-negative number below 1, found -0.1',
    ] },
  { name: 'zapFraction 0', text: withSpec('  experiment:', '    pretrain:', '      zapFraction: 0'), errors: [
      'x.yaml:8:20: spec.experiment.pretrain.zapFraction: expected a positive number up to 1, found 0',
    ] },
  { name: 'zapFraction above 1', text: withSpec('  parameters:', '    pretrain.zapFraction: [0.1, 1.5]'), errors: [
      'x.yaml:7:33: spec.parameters["pretrain.zapFraction"][1]: expected a positive number up to 1, found 1.5',
    ] },
  { name: 'zapFraction and zapCount', text: withSpec('  experiment:', '    pretrain: { zapEvery: 1, zapFraction: 0.1, zapCount: 3 }'), errors: [
      'x.yaml:7:58: spec.experiment.pretrain.zapCount: give pretrain.zapFraction (0.1) or pretrain.zapCount (3), not both',
    ] },
  { name: 'zapCount beyond the head', text: withSpec('  experiment:', '    pretrain: { zapEvery: 1, zapCount: 11 }'), errors: [
      'x.yaml:7:40: spec.experiment.pretrain.zapCount: expected at most the head\'s 10 outputs, found 11',
    ] },
  { name: 'zapFraction with scope classes', text: withSpec('  experiment:', '    pretrain: { zapEvery: 1, zapScope: classes, zapFraction: 0.5 }'), errors: [
      'x.yaml:7:62: spec.experiment.pretrain.zapFraction: pretrain.zapFraction draws random head rows; zapScope classes already picks the rows (use zapScope layer)',
    ] },
  { name: 'zapFraction without the head', text: withSpec('  experiment:', '    pretrain: { zapEvery: 1, resetLayers: [conv1], zapFraction: 0.5 }'), errors: [
      'x.yaml:7:65: spec.experiment.pretrain.zapFraction: pretrain.zapFraction picks head rows, but resetLayers (conv1) has no head',
    ] },
  { name: 'shrink-perturb without perturb', text: withSpec('  experiment:', '    pretrain: { zapEvery: 1, zapMode: shrink-perturb, shrink: 0.4 }'), errors: [
      'x.yaml:7:39: spec.experiment.pretrain.zapMode: zapMode shrink-perturb needs pretrain.perturb (w <- shrink * w + perturb * fresh sample), e.g. shrink: 0.4, perturb: 0.1',
    ] },
  { name: 'shrink with resample', text: withSpec('  experiment:', '    pretrain: { zapEvery: 1, shrink: 0.4 }'), errors: [
      'x.yaml:7:38: spec.experiment.pretrain.shrink: pretrain.shrink applies to zapMode shrink-perturb (zapMode is resample)',
    ] },
  { name: 'unknown zapMode', text: withSpec('  experiment:', '    pretrain: { zapMode: reset }'), errors: [
      'x.yaml:7:26: spec.experiment.pretrain.zapMode: expected one of "resample" or "shrink-perturb", found "reset"',
    ] },
  { name: 'biased steps with asb', text: withSpec('  experiment:', '    pretrain: { method: asb, zapEvery: 1, zapBiasedSteps: 5 }'), errors: [
      'x.yaml:7:59: spec.experiment.pretrain.zapBiasedSteps: pretrain.zapBiasedSteps applies to method iid (ASB episodes already train on the zapped class)',
    ] },
  { name: 'biased fraction without steps', text: withSpec('  experiment:', '    pretrain: { zapBiasedFraction: 0.5 }'), errors: [
      'x.yaml:7:36: spec.experiment.pretrain.zapBiasedFraction: pretrain.zapBiasedFraction shapes the biased steps, but zapBiasedSteps is 0',
    ] },
  { name: 'biased fraction above 1', text: withSpec('  experiment:', '    pretrain: { zapBiasedSteps: 5, zapBiasedFraction: 2 }'), errors: [
      'x.yaml:7:55: spec.experiment.pretrain.zapBiasedFraction: expected a non-negative number up to 1, found 2',
    ] },
];
