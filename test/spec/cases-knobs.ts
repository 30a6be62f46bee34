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
  { name: 'bundle with an unknown path', text: withSpec('  parameters:', '    zap:', '      - { label: never, pretrain.zapEvery: 0 }', '      - { label: often, pretrain.zapEvry: 1 }'), errors: [
      'x.yaml:9:25: spec.parameters.zap[1]["pretrain.zapEvry"]: bundle 1 (often): unknown parameter "pretrain.zapEvry"; did you mean "pretrain.zapEvery"?',
    ] },
  { name: 'bundle with an unknown relative field', text: withSpec('  parameters:', '    pretrain:', '      - { label: adam, optimizer: adam }', '      - { label: sgd, optimiser: sgd }'), errors: [
      'x.yaml:9:23: spec.parameters.pretrain[1].optimiser: bundle 1 (sgd): "optimiser" is not a field of pretrain; did you mean "optimizer"?',
    ] },
  { name: 'two axes setting one path', text: withSpec('  parameters:', '    zapEvery: [0, 1]', '    zap:', '      - { label: never, pretrain.zapEvery: 0 }'), errors: [
      'x.yaml:9:25: spec.parameters.zap[0]["pretrain.zapEvery"]: bundle 0 (never): "zap" sets pretrain.zapEvery, which "zapEvery" already sweeps; set each path in one axis only',
    ] },
  { name: 'two bundle axes setting one path', text: withSpec('  parameters:', '    pretrain:', '      - { optimizer: adam, learningRate: 0.003 }', '    opt:', '      - { pretrain.optimizer: sgd }'), errors: [
      'x.yaml:10:11: spec.parameters.opt[0]["pretrain.optimizer"]: bundle 0 (pretrain.optimizer=sgd): "opt" sets pretrain.optimizer, which "pretrain" already sweeps; set each path in one axis only',
    ] },
  { name: 'one path twice in a bundle', text: withSpec('  parameters:', '    zap:', '      - { zapEvery: 1, pretrain.zapEvery: 2 }'), errors: [
      'x.yaml:8:24: spec.parameters.zap[0]["pretrain.zapEvery"]: bundle 0 (zapEvery=1,pretrain.zapEvery=2): "pretrain.zapEvery" sets pretrain.zapEvery, which "zapEvery" already sets in this bundle',
    ] },
  { name: 'bad value in a bundle', text: withSpec('  parameters:', '    pretrain:', '      - { label: adam, optimizer: adam }', '      - { label: sgd-cos, optimizer: sgd, momentum: -0.9 }'), errors: [
      'x.yaml:9:53: spec.parameters.pretrain[1].momentum: bundle 1 (sgd-cos): expected a non-negative number below 1, found -0.9',
    ] },
  { name: 'cross-field error in a bundle', text: withSpec('  parameters:', '    pretrain:', '      - { label: adam-mom, optimizer: adam, momentum: 0.9 }'), errors: [
      'x.yaml:8:55: spec.parameters.pretrain[0].momentum: bundle 0 (adam-mom): momentum applies to optimizer sgd only (pretrain.optimizer is adam; Adam\'s betas are fixed at 0.9, 0.999)',
    ] },
  { name: 'duplicate bundle labels', text: withSpec('  parameters:', '    zap:', '      - { label: z, pretrain.zapEvery: 1 }', '      - { label: z, pretrain.zapEvery: 3 }'), errors: [
      'x.yaml:9:18: spec.parameters.zap[1].label: bundle 1 (z): the label "z" is also bundle 0\'s; labels must tell bundles apart',
    ] },
  { name: 'tMax 0 in a bundle', text: withSpec('  parameters:', '    pretrain:', '      - { label: cos, schedule: { kind: cosine, tMax: 0 } }'), errors: [
      'x.yaml:8:55: spec.parameters.pretrain[0].schedule.tMax: bundle 0 (cos): expected a positive integer, found 0',
    ] },
  { name: 'mapping values on a field axis', text: withSpec('  parameters:', '    transfer.learningRate: [{ value: 0.1 }]'), errors: [
      'x.yaml:7:29: spec.parameters["transfer.learningRate"][0]: expected a positive number up to 10, found a mapping',
    ] },
  { name: 'maxTrials above the maximum', text: withSpec('  budget:', '    maxTrials: 20000000'), errors: [
      'x.yaml:7:16: spec.budget.maxTrials: expected a positive integer up to 100000, found 20000000; a sweep expands to at most 100000 trials, so that validate and expand (which check every configuration) stay quick; split the study into several sweeps',
    ] },
  { name: 'progressive without unfreeze', text: withSpec('  experiment:', '    transfer: { trainLayers: progressive }'), errors: [
      'x.yaml:7:30: spec.experiment.transfer.trainLayers: trainLayers progressive needs transfer.unfreeze, e.g. [{ after: 1, layers: [conv3] }, { after: 2, layers: all }]',
    ] },
  { name: 'unfreeze without progressive', text: withSpec('  experiment:', '    transfer: { trainLayers: all, unfreeze: [{ after: 1, layers: all }] }'), errors: [
      'x.yaml:7:45: spec.experiment.transfer.unfreeze: transfer.unfreeze applies to trainLayers progressive (trainLayers is all)',
    ] },
  { name: 'unfreeze stages out of order', text: withSpec('  experiment:', '    transfer:', '      trainLayers: progressive', '      epochs: 5', '      unfreeze: [{ after: 2, layers: [conv2] }, { after: 2, layers: all }]'), errors: [
      'x.yaml:10:58: spec.experiment.transfer.unfreeze[1].after: expected more than the stage before (2), found 2',
    ] },
  { name: 'unfreeze never reached', text: withSpec('  experiment:', '    transfer: { trainLayers: progressive, epochs: 2, unfreeze: [{ after: 2, layers: all }] }'), errors: [
      'x.yaml:7:74: spec.experiment.transfer.unfreeze[0].after: after 2 is never reached: transfer lasts 2 epochs (transfer.epochs is 2)',
    ] },
  { name: 'unfreeze an unknown block', text: withSpec('  experiment:', '    transfer: { trainLayers: progressive, epochs: 3, unfreeze: [{ after: 1, layers: [conv5] }] }'), errors: [
      'x.yaml:7:86: spec.experiment.transfer.unfreeze[0].layers[0]: expected a conv block conv1 to conv2 (model.convBlocks is 2), found "conv5"',
    ] },
  { name: 'unfreeze after 0', text: withSpec('  experiment:', '    transfer: { trainLayers: progressive, epochs: 3, unfreeze: [{ after: 0, layers: all }] }'), errors: [
      'x.yaml:7:74: spec.experiment.transfer.unfreeze[0].after: expected a positive integer, found 0',
    ] },
];
