/**
 * Every optimizer knob against PyTorch (torch-reference.py): the same update sequence on a fixed
 * linear-softmax problem, final weights to 1e-5. Two trainer paths are checked: the tfjs loop
 * (trainEpochs with optimizerFor and rateFunction, as i.i.d. phases run) and the array head of
 * head-only sequential transfer (LinearHead with an UpdateRule, batch 1).
 */
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { experimentSchema } from '../spec/schema.js';
import type { OptimizerConfig } from '../spec/optimizer-schema.js';
import { initBackend } from './backend.js';
import { chunks, featureSource } from './batches.js';
import { LinearHead } from './linear-head.js';
import { learningRateAt, rateFunction, warmupSteps } from './lr-schedule.js';
import { optimizerFor } from './optimizers.js';
import { createRng, permutation } from './random.js';
import { recordingSink } from './test-support.js';
import { torchReference, type ReferenceCase } from './torch-reference.js';
import { trainEpochs } from './train-loop.js';
import { isPlain, ruleOf } from './update-rule.js';

const F = 6;
const O = 4;
const N = 10;
const EPOCHS = 4;
const BATCH = 3;
const SEED = 7;

const rng = createRng(3, 'optimizer-reference');
const x = Float32Array.from({ length: N * F }, () => rng.normal());
const labels = Int32Array.from({ length: N }, (_, i) => (i * 7) % O);
const kernel0 = Float32Array.from({ length: F * O }, () => rng.normal() * 0.5);
const bias0 = Float32Array.from({ length: O }, () => rng.normal() * 0.1);

/** The transfer section with `over` applied, parsed by the real schema (defaults filled). */
function config(over: Record<string, unknown>): OptimizerConfig {
  return experimentSchema.parse({ transfer: over }).transfer;
}

const cases: Array<[string, Record<string, unknown>]> = [
  ['plain sgd (tfjs sgd)', { optimizer: 'sgd', learningRate: 0.2 }],
  ['plain adam (tfjs adam)', { optimizer: 'adam', learningRate: 0.02 }],
  ['sgd momentum', { optimizer: 'sgd', learningRate: 0.1, momentum: 0.9 }],
  ['sgd nesterov + weight decay', { optimizer: 'sgd', learningRate: 0.1, momentum: 0.9, nesterov: true, weightDecay: 0.01 }],
  ['sgd weight decay', { optimizer: 'sgd', learningRate: 0.2, weightDecay: 0.05 }],
  ['adam L2 weight decay', { optimizer: 'adam', learningRate: 0.02, weightDecay: 0.05 }],
  ['adamw decoupled decay', { optimizer: 'adamw', learningRate: 0.02, weightDecay: 0.1 }],
  ['sgd cosine (tMax = epochs), the papers\' bundle', { optimizer: 'sgd', learningRate: 0.1, momentum: 0.9, weightDecay: 0.0001, schedule: { kind: 'cosine' } }],
  ['adam cosine tMax 2 with a floor', { optimizer: 'adam', learningRate: 0.02, schedule: { kind: 'cosine', tMax: 2, minLearningRate: 0.001 } }],
  ['sgd step schedule', { optimizer: 'sgd', learningRate: 0.2, schedule: { kind: 'step', every: 2, gamma: 0.5 } }],
  ['adam warmup steps + cosine', { optimizer: 'adam', learningRate: 0.02, warmup: { steps: 5 }, schedule: { kind: 'cosine' } }],
  ['sgd clipGradNorm', { optimizer: 'sgd', learningRate: 0.5, clipGradNorm: 0.3 }],
  ['adamw warmup epochs + clip', { optimizer: 'adamw', learningRate: 0.02, weightDecay: 0.01, warmup: { epochs: 1 }, clipGradNorm: 0.3 }],
];

/** trainEpochs' own batch order (stream shuffle:transfer:<epoch>). */
function loopBatches(): number[][][] {
  return Array.from({ length: EPOCHS }, (_, e) => [...chunks(permutation(createRng(SEED, `shuffle:transfer:${e + 1}`), N), BATCH)].map((c) => [...c]));
}
const perEpoch = Math.ceil(N / BATCH);
const oneByOne: number[][][] = [Array.from({ length: N }, (_, i) => [i])];

async function viaLoop(c: OptimizerConfig): Promise<{ kernel: Float32Array; bias: Float32Array }> {
  const k = tf.variable(tf.tensor2d(kernel0, [F, O]));
  const b = tf.variable(tf.tensor1d(bias0));
  const features = tf.tensor2d(x, [N, F]);
  const optimizer = optimizerFor(c);
  await trainEpochs({
    phase: 'transfer',
    epochs: EPOCHS,
    batchSize: BATCH,
    optimizer,
    learningRateAt: rateFunction(c, EPOCHS),
    variables: [k, b],
    forward: (f) => tf.add(tf.matMul(f as tf.Tensor2D, k), b),
    source: featureSource(features, labels),
    classes: O,
    seed: SEED,
    sink: recordingSink(),
    signal: new AbortController().signal,
  });
  const out = { kernel: k.dataSync() as Float32Array, bias: b.dataSync() as Float32Array };
  tf.dispose([k, b, features]);
  optimizer.dispose();
  return out;
}

function viaArrayHead(c: OptimizerConfig): { kernel: Float32Array; bias: Float32Array } {
  const head = new LinearHead(F, O, kernel0.slice(), bias0.slice(), c.optimizer === 'adamw' ? 'adam' : c.optimizer, c.learningRate, ...(isPlain(c) ? [] : [ruleOf(c)]));
  for (let i = 0; i < N; i++) {
    head.learningRate = learningRateAt(c, 1, { epoch: 0, step: i + 1, perEpoch: N });
    head.step(x, i, labels[i] as number);
  }
  return { kernel: head.kernel, bias: head.bias };
}

function expectClose(ours: { kernel: Float32Array; bias: Float32Array }, ref: { kernel: number[]; bias: number[] }): void {
  const diff = Math.max(...ref.kernel.map((v, i) => Math.abs(v - (ours.kernel[i] as number))), ...ref.bias.map((v, i) => Math.abs(v - (ours.bias[i] as number))));
  expect(diff).toBeLessThan(1e-5);
  // The problem moves the weights: a test that cannot fail would compare the starting point.
  const moved = Math.max(...ref.kernel.map((v, i) => Math.abs(v - (kernel0[i] as number))));
  expect(moved).toBeGreaterThan(1e-2);
}

const configs = cases.map(([, over]) => config(over));
let loopRef: Array<{ kernel: number[]; bias: number[] }> = [];
let headRef: Array<{ kernel: number[]; bias: number[] }> = [];

describe('optimizers against PyTorch (1e-5)', () => {
  beforeAll(async () => {
    await initBackend('wasm');
    const problem = { features: F, outputs: O, x: [...x], labels: [...labels], kernel: [...kernel0], bias: [...bias0] };
    const asCase = (c: OptimizerConfig, batches: number[][][], per: number): ReferenceCase => ({ config: { ...c }, batches, warmupSteps: warmupSteps(c, per) });
    loopRef = torchReference({ ...problem, cases: configs.map((c) => asCase(c, loopBatches(), perEpoch)) });
    const headConfigs = configs.filter((c) => c.schedule.kind === 'constant' && c.warmup?.epochs === undefined);
    headRef = torchReference({ ...problem, cases: headConfigs.map((c) => asCase(c, oneByOne, N)) });
  }, 120_000);

  it.each(cases.map(([name], i) => [name, i] as const))('tfjs loop: %s', async (_name, i) => {
    expectClose(await viaLoop(configs[i] as OptimizerConfig), loopRef[i] as { kernel: number[]; bias: number[] });
  });

  it.each(cases.filter(([, o]) => o.schedule === undefined && (o.warmup as { epochs?: number } | undefined)?.epochs === undefined).map(([name], i) => [name, i] as const))(
    'sequential array head: %s',
    (name, i) => {
      const c = configs[cases.findIndex(([n]) => n === name)] as OptimizerConfig;
      expectClose(viaArrayHead(c), headRef[i] as { kernel: number[]; bias: number[] });
    },
  );
});
