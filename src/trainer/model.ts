/**
 * The convnet, as plain variables and a forward function (no tf.layers: fewer allocations per
 * step on wasm, and every variable is ours to assign when zapping).
 *
 * Architecture, for `convBlocks` = B, `width` = w, `norm`:
 *   block i (named `conv<i>`): conv 3x3, stride 1, 'same' padding, bias; filters w for block 1 and
 *   2w for blocks 2..B (the schema's "later blocks use width*2"); then instance norm (affine,
 *   eps 1e-5) when norm = instance; ReLU; max-pool 2x2 stride 2. 'same' padding keeps 4 blocks
 *   possible on 28x28 inputs (28 -> 14 -> 7 -> 3 -> 1).
 *   flatten, then `head`: one dense layer over ALL classes of the trial, output j = dataset class
 *   classes[j] where classes = oldClasses followed by newClasses (see data/dataset.ts).
 * Initialisation (seeded, per layer stream `init:<layer>`): kernels Kaiming normal
 * (std = sqrt(2 / fan_in), fan_in = inputs per output); biases and beta 0, gamma 1.
 * Variable names carry a per-process model prefix so several models can coexist.
 */
import * as tf from '@tensorflow/tfjs';
import { IMAGE_SIZE } from './data/dataset.js';
import { createRng, normalArray } from './random.js';

export interface ModelSpec {
  readonly convBlocks: number;
  readonly width: number;
  readonly norm: 'none' | 'instance';
  /** Head outputs (all classes of the trial). */
  readonly classes: number;
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

export class UnknownLayerError extends Error {
  override readonly name = 'UnknownLayerError';
  readonly retryable = false;
}

const EPS = 1e-5;
let modelCounter = 0;

export function blockWidths(spec: Pick<ModelSpec, 'convBlocks' | 'width'>): number[] {
  return Array.from({ length: spec.convBlocks }, (_, i) => (i === 0 ? spec.width : spec.width * 2));
}

export function featureSize(spec: Pick<ModelSpec, 'convBlocks' | 'width'>): number {
  let side = IMAGE_SIZE;
  for (let i = 0; i < spec.convBlocks; i++) side = Math.floor(side / 2);
  if (side < 1) throw new UnknownLayerError(`${spec.convBlocks} conv blocks shrink 28x28 images to nothing`);
  const widths = blockWidths(spec);
  return side * side * (widths[widths.length - 1] as number);
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
  const head: Layer = {
    name: 'head',
    fanIn: features,
    kernel: variableFrom(kaimingNormal(seed, 'init:head', [features, spec.classes], features), `${prefix}/head/kernel`),
    bias: variableFrom(tf.zeros([spec.classes]), `${prefix}/head/bias`),
  };
  layers.push(head);
  const convs = layers.slice(0, -1);

  const featuresFn = (x: tf.Tensor4D): tf.Tensor2D =>
    tf.tidy(() => {
      let h: tf.Tensor4D = x;
      for (const l of convs) {
        h = tf.add(tf.conv2d(h, l.kernel as tf.Tensor4D, 1, 'same'), l.bias);
        if (l.gamma !== undefined && l.beta !== undefined) h = instanceNorm(h, l.gamma, l.beta);
        h = tf.maxPool(tf.relu(h), 2, 2, 'valid');
      }
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
