/**
 * The convnet, as plain variables and a forward function (no tf.layers: fewer allocations per
 * step on wasm, and every variable is ours to assign when zapping).
 *
 * Architecture, for `convBlocks` = B, `width` = w, `growth`, `norm`, `padding`, `pool`:
 *   block i (named `conv<i>`): conv 3x3, stride 1, `padding` (default 'same'), bias; filters w for
 *   block 1 and 2w (growth double, the default) or w (constant) for blocks 2..B; then instance
 *   norm (affine, eps 1e-5) when norm = instance; ReLU; max-pool 2x2 stride 2 when the block pools
 *   (default: every block). 'same' padding keeps 4 blocks possible on 28x28 (28 -> 14 -> 7 -> 3 -> 1);
 *   the papers' Omniglot model is 3 x 256 constant, instance norm, valid, pool [T, T, F]:
 *   28 -> 26 -> 13 -> 11 -> 5 -> 3, 3*3*256 = 2304 features.
 *   flatten, then `head`: one dense layer over ALL classes of the trial (`headSize` outputs, at
 *   least the class count; spare outputs are never a label), output j = dataset class
 *   classes[j] where classes = oldClasses followed by newClasses (see data/dataset.ts).
 * Initialisation (seeded, per layer stream `init:<layer>`): kernels Kaiming normal
 * (std = sqrt(2 / fan_in), fan_in = inputs per output); biases and beta 0, gamma 1.
 * Variable names carry a per-process model prefix so several models can coexist.
 */
import * as tf from '@tensorflow/tfjs';
import { blockSides, blockWidthsOf, featureCount } from '../spec/experiment-checks.js';
import { createRng, normalArray } from './random.js';
import { ZapsweepError } from '../errors.js';

export interface ModelSpec {
  readonly convBlocks: number;
  readonly width: number;
  readonly norm: 'none' | 'instance';
  /** Classes of the trial (old then new). */
  readonly classes: number;
  readonly growth?: 'double' | 'constant';
  readonly padding?: 'same' | 'valid';
  /** Per block, or one value for all; default true. */
  readonly pool?: boolean | readonly boolean[];
  /** Head outputs; default `classes`. */
  readonly headSize?: number | undefined;
}

type FullShape = { convBlocks: number; width: number; growth: 'double' | 'constant'; padding: 'same' | 'valid'; pool: boolean | boolean[]; norm: 'none' | 'instance' };

function shapeOf(spec: Pick<ModelSpec, 'convBlocks' | 'width' | 'growth' | 'padding' | 'pool'>): FullShape {
  return {
    convBlocks: spec.convBlocks,
    width: spec.width,
    growth: spec.growth ?? 'double',
    padding: spec.padding ?? 'same',
    pool: typeof spec.pool === 'object' ? [...spec.pool] : spec.pool ?? true,
    norm: 'none',
  };
}

/** Head outputs of a model spec. */
export function headOutputs(spec: Pick<ModelSpec, 'classes' | 'headSize'>): number {
  return Math.max(spec.classes, spec.headSize ?? 0);
}

export interface Layer {
  /** `conv1`, `conv2`, ..., `head`: the names `resetLayers` uses. */
  readonly name: string;
  /** Kernel: [3,3,in,out] for conv blocks, [features, classes] for the head. Zaps re-sample it. */
  readonly kernel: tf.Variable;
  readonly bias: tf.Variable;
  /** Instance-norm scale and shift (conv blocks with norm = instance only). */
  readonly gamma?: tf.Variable;
  readonly beta?: tf.Variable;
  /** Inputs per output unit, for Kaiming initialisation. */
  readonly fanIn: number;
}

export interface Model {
  readonly spec: ModelSpec;
  readonly layers: readonly Layer[];
  readonly featureSize: number;
  layer(name: string): Layer;
  /** Conv blocks and flatten: [N,28,28,1] -> [N, featureSize]. */
  features(x: tf.Tensor4D): tf.Tensor2D;
  /** The head: [N, featureSize] -> [N, classes]. */
  head(features: tf.Tensor2D): tf.Tensor2D;
  /** features then head. */
  logits(x: tf.Tensor4D): tf.Tensor2D;
  variables(which: 'all' | 'head'): tf.Variable[];
  dispose(): void;
}

export class UnknownLayerError extends ZapsweepError {
  override readonly name = 'UnknownLayerError';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, { cause: options?.cause, retryable: false });
  }
}

const EPS = 1e-5;
let modelCounter = 0;

export function blockWidths(spec: Pick<ModelSpec, 'convBlocks' | 'width' | 'growth'>): number[] {
  return blockWidthsOf({ convBlocks: spec.convBlocks, width: spec.width, growth: spec.growth ?? 'double' });
}

export function featureSize(spec: Pick<ModelSpec, 'convBlocks' | 'width' | 'growth' | 'padding' | 'pool'>): number {
  const n = featureCount(shapeOf(spec));
  if (n < 1) throw new UnknownLayerError(`${spec.convBlocks} conv blocks shrink 28x28 images to nothing (sides ${blockSides(shapeOf(spec)).join(', ')})`);
  return n;
}

/** Kaiming-normal values for a kernel of `shape` with the given fan-in, from `stream`. */
export function kaimingNormal(seed: number, stream: string, shape: readonly number[], fanIn: number): tf.Tensor {
  const count = shape.reduce((a, b) => a * b, 1);
  return tf.tensor(normalArray(createRng(seed, stream), count, Math.sqrt(2 / fanIn)), [...shape]);
}

/** A trainable variable holding `init`'s values; `init` is consumed (disposed). */
function variableFrom(init: tf.Tensor, name: string): tf.Variable {
  const v = tf.variable(init, true, name);
  init.dispose();
  return v;
}

export function createModel(spec: ModelSpec, seed: number): Model {
  const prefix = `zs${modelCounter++}`;
  const layers: Layer[] = [];
  let inChannels = 1;
  // 1. Conv blocks.
  blockWidths(spec).forEach((out, i) => {
    const name = `conv${i + 1}`;
    const fanIn = 9 * inChannels;
    const layer: Layer = {
      name,
      fanIn,
      kernel: variableFrom(kaimingNormal(seed, `init:${name}`, [3, 3, inChannels, out], fanIn), `${prefix}/${name}/kernel`),
      bias: variableFrom(tf.zeros([out]), `${prefix}/${name}/bias`),
      ...(spec.norm === 'instance'
        ? {
            gamma: variableFrom(tf.ones([out]), `${prefix}/${name}/gamma`),
            beta: variableFrom(tf.zeros([out]), `${prefix}/${name}/beta`),
          }
        : {}),
    };
    layers.push(layer);
    inChannels = out;
  });
  // 2. Head.
  const features = featureSize(spec);
  const outputs = headOutputs(spec);
  const head: Layer = {
    name: 'head',
    fanIn: features,
    kernel: variableFrom(kaimingNormal(seed, 'init:head', [features, outputs], features), `${prefix}/head/kernel`),
    bias: variableFrom(tf.zeros([outputs]), `${prefix}/head/bias`),
  };
  layers.push(head);
  const convs = layers.slice(0, -1);
  const shape = shapeOf(spec);
  const pools = Array.from({ length: spec.convBlocks }, (_, i) => (typeof shape.pool === 'boolean' ? shape.pool : shape.pool[i] ?? false));

  const featuresFn = (x: tf.Tensor4D): tf.Tensor2D =>
    tf.tidy(() => {
      let h: tf.Tensor4D = x;
      convs.forEach((l, i) => {
        h = tf.add(tf.conv2d(h, l.kernel as tf.Tensor4D, 1, shape.padding), l.bias);
        if (l.gamma !== undefined && l.beta !== undefined) h = instanceNorm(h, l.gamma, l.beta);
        h = tf.relu(h);
        if (pools[i]) h = tf.maxPool(h, 2, 2, 'valid');
      });
      return tf.reshape(h, [h.shape[0], features]);
    });
  const headFn = (f: tf.Tensor2D): tf.Tensor2D => tf.tidy(() => tf.add(tf.matMul(f, head.kernel as tf.Tensor2D), head.bias));
  const variables = (): tf.Variable[] =>
    layers.flatMap((l) => [l.kernel, l.bias, ...(l.gamma ? [l.gamma] : []), ...(l.beta ? [l.beta] : [])]);

  return {
    spec,
    layers,
    featureSize: features,
    layer(name) {
      const l = layers.find((x) => x.name === name);
      if (l === undefined) {
        throw new UnknownLayerError(`no layer "${name}" (this model has ${layers.map((x) => x.name).join(', ')})`);
      }
      return l;
    },
    features: featuresFn,
    head: headFn,
    logits: (x) => tf.tidy(() => headFn(featuresFn(x))),
    variables: (which) => (which === 'head' ? [head.kernel, head.bias] : variables()),
    dispose: () => variables().forEach((v) => v.dispose()),
  };
}

/** Per-sample, per-channel normalisation over H and W, then an affine per-channel transform. */
export function instanceNorm(x: tf.Tensor4D, gamma: tf.Tensor, beta: tf.Tensor): tf.Tensor4D {
  return tf.tidy(() => {
    const { mean, variance } = tf.moments(x, [1, 2], true);
    const normed = tf.mul(tf.sub(x, mean), tf.rsqrt(tf.add(variance, EPS)));
    return tf.add(tf.mul(normed, gamma), beta);
  });
}
