/**
 * The diagonal of the empirical Fisher information matrix: the mean over the probe examples of
 * the squared per-example gradient of the negative log-likelihood, F_kk = (1/N) sum_i (d l_i / d w_k)^2.
 * fisherDiagonal takes per-example gradients one example at a time (N backward passes at batch 1;
 * any objective); the trials use fisher-batched.ts (the model, one batched pass), which the tests
 * check against it. Summaries per layer: the trace, the share of the
 * total trace in what a zap re-samples, and (Adam) the agreement of the second-moment estimate v
 * with the diagonal. Pure with respect to the variables.
 */
import * as tf from '@tensorflow/tfjs';
import type { Layer } from '../model.js';
import type { Objective } from './objective.js';
import { gradients } from './weights.js';

/** Variable name -> its Fisher diagonal, same layout as the variable. */
export type FisherDiagonal = Map<string, Float32Array>;

export async function fisherDiagonal(objective: Objective): Promise<FisherDiagonal> {
  const vars = objective.variables;
  let sums: tf.Tensor[] = vars.map((v) => tf.zerosLike(v));
  try {
    for (let i = 0; i < objective.count; i++) {
      const next = tf.tidy(() => {
        const g = gradients(() => objective.exampleLoss(i), vars);
        return sums.map((s, k) => tf.add(s, tf.square(g[k] as tf.Tensor)));
      });
      tf.dispose(sums);
      sums = next;
    }
    const out: FisherDiagonal = new Map();
    const n = Math.max(objective.count, 1);
    for (const [k, v] of vars.entries()) {
      const data = (await (sums[k] as tf.Tensor).data()) as Float32Array;
      out.set(v.name, Float32Array.from(data, (x) => x / n));
    }
    return out;
  } finally {
    tf.dispose(sums);
  }
}

function sum(a: Float32Array | undefined): number {
  let s = 0;
  for (const x of a ?? []) s += x;
  return s;
}

function layerVariables(l: Layer): tf.Variable[] {
  return [l.kernel, l.bias, ...(l.gamma ? [l.gamma] : []), ...(l.beta ? [l.beta] : [])];
}

/** Trace of the diagonal per layer (kernel, bias and norm parameters together), in layer order. */
export function tracePerLayer(diag: FisherDiagonal, layers: readonly Layer[]): Array<{ layer: string; trace: number }> {
  return layers.map((l) => ({ layer: l.name, trace: layerVariables(l).reduce((s, v) => s + sum(diag.get(v.name)), 0) }));
}

/**
 * The share of the total trace in what a zap re-samples: the whole layers `wholeLayers` plus, of
 * the head, the outputs `headRows` (kernel columns and biases). 0 when the trace is 0.
 */
export function zappedShare(diag: FisherDiagonal, layers: readonly Layer[], wholeLayers: readonly string[], headRows: readonly number[]): number {
  const total = tracePerLayer(diag, layers).reduce((s, t) => s + t.trace, 0);
  let zapped = 0;
  for (const l of layers) {
    if (wholeLayers.includes(l.name)) {
      zapped += layerVariables(l).reduce((s, v) => s + sum(diag.get(v.name)), 0);
    } else if (l.name === 'head' && headRows.length > 0) {
      const outputs = l.bias.shape[0];
      const k = diag.get(l.kernel.name) ?? new Float32Array();
      const b = diag.get(l.bias.name) ?? new Float32Array();
      const rows = new Set(headRows);
      k.forEach((x, i) => (zapped += rows.has(i % outputs) ? x : 0));
      b.forEach((x, j) => (zapped += rows.has(j) ? x : 0));
    }
  }
  return total > 0 ? zapped / total : 0;
}

/** Running sums for a cosine similarity over several arrays. */
class Cosine {
  private ab = 0;
  private aa = 0;
  private bb = 0;
  add(a: ArrayLike<number>, b: ArrayLike<number>): void {
    for (let i = 0; i < a.length; i++) {
      const x = a[i] as number;
      const y = b[i] as number;
      this.ab += x * y;
      this.aa += x * x;
      this.bb += y * y;
    }
  }
  /** 1 = proportional; NaN when either vector is all zero. */
  value(): number {
    return this.aa > 0 && this.bb > 0 ? this.ab / Math.sqrt(this.aa * this.bb) : Number.NaN;
  }
}

/** Cosine similarity of two vectors. */
export function cosine(a: ArrayLike<number>, b: ArrayLike<number>): number {
  const c = new Cosine();
  c.add(a, b);
  return c.value();
}

/** An optimizer's second-moment slots, as tfjs's Adam and the ConfiguredOptimizer keep them. */
interface SecondMoments {
  accumulatedSecondMoment?: Array<{ originalName: string; variable: tf.Variable } | undefined>;
}

/**
 * Per layer, the cosine between the optimizer's second-moment estimate v (concatenated over the
 * layer's variables) and the Fisher diagonal. Layers the optimizer holds no v for (never stepped,
 * or not an Adam-family optimizer) are left out.
 */
export async function adamAgreement(optimizer: tf.Optimizer, diag: FisherDiagonal, layers: readonly Layer[]): Promise<Array<{ layer: string; cosine: number }>> {
  const slots = (optimizer as unknown as SecondMoments).accumulatedSecondMoment ?? [];
  const byName = new Map(slots.flatMap((s) => (s === undefined ? [] : [[s.originalName, s.variable] as const])));
  const out: Array<{ layer: string; cosine: number }> = [];
  for (const l of layers) {
    const c = new Cosine();
    let complete = true;
    for (const v of layerVariables(l)) {
      const slot = byName.get(`${v.name}/v`);
      const f = diag.get(v.name);
      if (slot === undefined || f === undefined) {
        complete = false;
        break;
      }
      c.add((await slot.data()), f);
    }
    const value = c.value();
    if (complete && Number.isFinite(value)) out.push({ layer: l.name, cosine: value });
  }
  return out;
}
