/**
 * The head as plain Float32Arrays: a linear softmax layer trained one example at a time, for
 * head-only sequential transfer on cached features. At batch 1 the per-step overhead of tensors
 * (allocation, kernel dispatch, a sync read of the loss) dominates a few thousand multiply-adds;
 * here a step is two passes over the kernel. Same maths as the tfjs path: loss = softmax
 * cross-entropy over ALL head outputs; SGD w -= lr g; Adam with tfjs defaults (beta1 0.9,
 * beta2 0.999, epsilon 1e-7, bias-corrected moments). Kernel layout as tf: [features, outputs].
 * With an UpdateRule (momentum, weight decay, AdamW, clipping) the step takes the dense gradient
 * through an ArrayOptimizer instead (slower, every weight moves).
 */
import { ArrayOptimizer } from './array-optimizer.js';
import type { OptimizerName } from './optimizers.js';
import type { UpdateRule } from './update-rule.js';

const B1 = 0.9;
const B2 = 0.999;
const EPS = 1e-7;

export class LinearHead {
  private readonly z: Float32Array;
  private readonly g: Float32Array;
  /** Row offsets (feature * outputs) and values of the current example's non-zero features. */
  private readonly active: Int32Array;
  private readonly activeX: Float32Array;
  private nActive = 0;
  private readonly m?: { kernel: Float32Array; bias: Float32Array; kernelV: Float32Array; biasV: Float32Array };
  private t = 0;
  private readonly general?: { optimizer: ArrayOptimizer; kernelGrad: Float32Array; biasGrad: Float32Array };

  constructor(
    readonly features: number,
    readonly outputs: number,
    /** [features, outputs], row-major; updated in place. */
    readonly kernel: Float32Array,
    readonly bias: Float32Array,
    private readonly optimizer: OptimizerName,
    /** The rate of the next step (warmup sets it). */
    public learningRate: number,
    rule?: UpdateRule,
  ) {
    this.z = new Float32Array(outputs);
    this.g = new Float32Array(outputs);
    this.active = new Int32Array(features);
    this.activeX = new Float32Array(features);
    if (rule !== undefined) {
      this.general = { optimizer: new ArrayOptimizer(rule, learningRate), kernelGrad: new Float32Array(kernel.length), biasGrad: new Float32Array(outputs) };
    } else if (optimizer === 'adam') {
      this.m = { kernel: new Float32Array(kernel.length), bias: new Float32Array(outputs), kernelV: new Float32Array(kernel.length), biasV: new Float32Array(outputs) };
    }
  }

  /**
   * Logits of the example at `x[offset .. offset + features)` into this.z; returns the argmax.
   * Gathers the example's non-zero features (ReLU features are often exactly 0) into
   * this.active / this.activeX, `this.nActive` of them, for the update to reuse.
   */
  private forward(x: Float32Array, offset: number): number {
    const { z, kernel, outputs, features, active, activeX } = this;
    let n = 0;
    for (let f = 0; f < features; f++) {
      const xf = x[offset + f] as number;
      if (xf === 0) continue;
      active[n] = f * outputs;
      activeX[n] = xf;
      n++;
    }
    this.nActive = n;
    z.set(this.bias);
    addRows(z, kernel, active, activeX, n, outputs);
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
    if (this.general !== undefined) {
      const { optimizer, kernelGrad, biasGrad } = this.general;
      biasGrad.set(g);
      for (let f = 0; f < features; f++) {
        const xf = x[offset + f] as number;
        for (let o = 0; o < outputs; o++) kernelGrad[f * outputs + o] = xf * (g[o] as number);
      }
      optimizer.learningRate = lr;
      optimizer.step([kernel, bias], [kernelGrad, biasGrad]);
    } else if (this.m === undefined) {
      // SGD: only the rows of non-zero features have a gradient.
      for (let o = 0; o < outputs; o++) bias[o] = (bias[o] as number) - lr * (g[o] as number);
      addOuter(kernel, g, this.active, this.activeX, this.nActive, outputs, -lr);
    } else {
      this.t++;
      const c1 = 1 - B1 ** this.t;
      const c2 = 1 - B2 ** this.t;
      const m = this.m;
      const step = lr / c1;
      const inv2 = 1 / c2;
      adamRow(bias, m.bias, m.biasV, g, 0, 1, outputs, step, inv2);
      // Every weight moves under Adam, even with a zero gradient (its moments decay).
      for (let f = 0; f < features; f++) adamRow(kernel, m.kernel, m.kernelV, g, f * outputs, x[offset + f] as number, outputs, step, inv2);
    }
    return { loss, correct: predicted === label };
  }
}

// The hot loops as plain functions over their arrays (monomorphic, no `this` or closure inside):
// Adam ran about twice as fast as with its row update as a closure (318 -> 605 steps/s,
// BENCHMARKS.md "Trainer").

/** z += sum over k of x[k] * kernel row rows[k] (rows are offsets of `outputs` weights). */
function addRows(z: Float32Array, kernel: Float32Array, rows: Int32Array, x: Float32Array, n: number, outputs: number): void {
  for (let k = 0; k < n; k++) {
    const a = x[k] as number;
    const row = rows[k] as number;
    for (let o = 0; o < outputs; o++) z[o] = (z[o] as number) + a * (kernel[row + o] as number);
  }
}

/** kernel row rows[k] += scale * x[k] * g, for each k: the SGD update of the active rows. */
function addOuter(kernel: Float32Array, g: Float32Array, rows: Int32Array, x: Float32Array, n: number, outputs: number, scale: number): void {
  for (let k = 0; k < n; k++) {
    const a = scale * (x[k] as number);
    const row = rows[k] as number;
    for (let o = 0; o < outputs; o++) kernel[row + o] = (kernel[row + o] as number) + a * (g[o] as number);
  }
}

/** Adam on `outputs` weights at `at` whose gradient is xf * g (tfjs defaults, bias-corrected). */
function adamRow(w: Float32Array, mm: Float32Array, vv: Float32Array, g: Float32Array, at: number, xf: number, outputs: number, step: number, inv2: number): void {
  for (let o = 0; o < outputs; o++) {
    const i = at + o;
    const grad = xf * (g[o] as number);
    const mi = B1 * (mm[i] as number) + (1 - B1) * grad;
    const vi = B2 * (vv[i] as number) + (1 - B2) * grad * grad;
    mm[i] = mi;
    vv[i] = vi;
    w[i] = (w[i] as number) - (step * mi) / (Math.sqrt(vi * inv2) + EPS);
  }
}
