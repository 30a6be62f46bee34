/**
 * The head as plain Float32Arrays: a linear softmax layer trained one example at a time, for
 * head-only sequential transfer on cached features. At batch 1 the per-step overhead of tensors
 * (allocation, kernel dispatch, a sync read of the loss) dominates a few thousand multiply-adds;
 * here a step is two passes over the kernel. Same maths as the tfjs path: loss = softmax
 * cross-entropy over ALL head outputs; SGD w -= lr g; Adam with tfjs defaults (beta1 0.9,
 * beta2 0.999, epsilon 1e-7, bias-corrected moments). Kernel layout as tf: [features, outputs].
 */
import type { OptimizerName } from './optimizers.js';

const B1 = 0.9;
const B2 = 0.999;
const EPS = 1e-7;

export class LinearHead {
  private readonly z: Float32Array;
  private readonly g: Float32Array;
  private readonly m?: { kernel: Float32Array; bias: Float32Array; kernelV: Float32Array; biasV: Float32Array };
  private t = 0;

  constructor(
    readonly features: number,
    readonly outputs: number,
    /** [features, outputs], row-major; updated in place. */
    readonly kernel: Float32Array,
    readonly bias: Float32Array,
    private readonly optimizer: OptimizerName,
    private readonly learningRate: number,
  ) {
    this.z = new Float32Array(outputs);
    this.g = new Float32Array(outputs);
    if (optimizer === 'adam') {
      this.m = { kernel: new Float32Array(kernel.length), bias: new Float32Array(outputs), kernelV: new Float32Array(kernel.length), biasV: new Float32Array(outputs) };
    }
  }

  /** Logits of the example at `x[offset .. offset + features)` into this.z; returns the argmax. */
  private forward(x: Float32Array, offset: number): number {
    const { z, kernel, outputs, features } = this;
    z.set(this.bias);
    for (let f = 0; f < features; f++) {
      const xf = x[offset + f] as number;
      if (xf === 0) continue; // ReLU features are often exactly 0
      const row = f * outputs;
      for (let o = 0; o < outputs; o++) z[o] = (z[o] as number) + xf * (kernel[row + o] as number);
    }
    let best = 0;
    for (let o = 1; o < outputs; o++) if ((z[o] as number) > (z[best] as number)) best = o;
    return best;
  }

  /** Predicted output for each of `count` examples stored back to back in `x`. */
  predict(x: Float32Array, indices: ArrayLike<number>): Int32Array {
    const out = new Int32Array(indices.length);
    for (let k = 0; k < indices.length; k++) out[k] = this.forward(x, (indices[k] as number) * this.features);
    return out;
  }

  /** One optimizer step on example `index` of `x` with label `label`; the loss before the step. */
  step(x: Float32Array, index: number, label: number): { loss: number; correct: boolean } {
    const { z, g, outputs, features, kernel, bias } = this;
    const offset = index * features;
    const predicted = this.forward(x, offset);
    // 1. softmax and its gradient p - onehot(label)
    let max = -Infinity;
    for (let o = 0; o < outputs; o++) max = Math.max(max, z[o] as number);
    let sum = 0;
    for (let o = 0; o < outputs; o++) {
      const e = Math.exp((z[o] as number) - max);
      g[o] = e;
      sum += e;
    }
    for (let o = 0; o < outputs; o++) g[o] = (g[o] as number) / sum;
    const loss = -Math.log(Math.max(g[label] as number, 1e-30));
    g[label] = (g[label] as number) - 1;
    // 2. update
    const lr = this.learningRate;
    if (this.m === undefined) {
      for (let o = 0; o < outputs; o++) bias[o] = (bias[o] as number) - lr * (g[o] as number);
      for (let f = 0; f < features; f++) {
        const xf = x[offset + f] as number;
        if (xf === 0) continue;
        const row = f * outputs;
        for (let o = 0; o < outputs; o++) kernel[row + o] = (kernel[row + o] as number) - lr * xf * (g[o] as number);
      }
    } else {
      this.t++;
      const c1 = 1 - B1 ** this.t;
      const c2 = 1 - B2 ** this.t;
      const m = this.m;
      const step = lr / c1;
      const inv2 = 1 / c2;
      // Inlined Adam (a closure per weight costs more than the arithmetic).
      const update = (w: Float32Array, mm: Float32Array, vv: Float32Array, at: number, xf: number): void => {
        for (let o = 0; o < outputs; o++) {
          const i = at + o;
          const grad = xf * (g[o] as number);
          const mi = B1 * (mm[i] as number) + (1 - B1) * grad;
          const vi = B2 * (vv[i] as number) + (1 - B2) * grad * grad;
          mm[i] = mi;
          vv[i] = vi;
          w[i] = (w[i] as number) - (step * mi) / (Math.sqrt(vi * inv2) + EPS);
        }
      };
      update(bias, m.bias, m.biasV, 0, 1);
      // Every weight moves under Adam, even with a zero gradient (its moments decay).
      for (let f = 0; f < features; f++) update(kernel, m.kernel, m.kernelV, f * outputs, x[offset + f] as number);
    }
    return { loss, correct: predicted === label };
  }
}
