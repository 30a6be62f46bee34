/**
 * Sharpness: the largest-magnitude eigenvalue of the Hessian of the objective's loss, by power
 * iteration on Hessian-vector products taken as forward finite differences of gradients,
 *   H v ~ (g(w + e v) - g(w)) / e,  ||v|| = 1,  e = 1e-3 * max(1, ||w||),
 * which is exact for a quadratic loss (up to float32 rounding); g(w) is computed once per call. The start vector is seeded (its own
 * stream), or the previous point's eigenvector (`start`: a warm start, so that a few iterations
 * per point track the top eigenvector along training); the result is the Rayleigh quotient v.Hv of
 * the last iterate. Each iteration costs two gradients of the whole probe batch. The variables are
 * restored exactly afterwards.
 */
import * as tf from '@tensorflow/tfjs';
import { createRng, normalArray } from '../random.js';
import type { Objective } from './objective.js';
import { assignAll, axpy, dot, gradients, holding, snapshot, type Weights } from './weights.js';

export interface PowerIterationOptions {
  readonly iterations: number;
  readonly seed: number;
  /** The random stream of the start vector. */
  readonly stream: string;
  /** Start vector (same shapes as the variables); default: seeded Gaussian. Not consumed. */
  readonly start?: Weights | undefined;
}

export interface TopEigen {
  readonly value: number;
  /** The last iterate, unit norm (kept: the caller disposes it). */
  readonly vector: Weights;
}

async function normalised(v: Weights): Promise<{ v: Weights; norm: number }> {
  const norm = Math.sqrt(await dot(v, v));
  const out = tf.tidy(() => v.map((t) => tf.div(t, norm > 0 ? norm : 1)));
  return { v: out, norm };
}

export async function topHessianEigenvalue(objective: Objective, o: PowerIterationOptions): Promise<number> {
  const r = await topHessianEigen(objective, o);
  tf.dispose(r.vector);
  return r.value;
}

export async function topHessianEigen(objective: Objective, o: PowerIterationOptions): Promise<TopEigen> {
  const vars = objective.variables;
  return holding(vars, async () => {
    const w0 = snapshot(vars);
    const rng = createRng(o.seed, o.stream);
    const start = o.start ?? vars.map((x) => tf.tensor(normalArray(rng, x.size, 1), x.shape));
    let v = (await normalised(start)).v;
    if (o.start === undefined) tf.dispose(start);
    const eps = 1e-3 * Math.max(1, Math.sqrt(await dot(w0, w0)));
    let lambda = 0;
    let g0: Weights = [];
    try {
      g0 = gradients(() => objective.loss(), vars);
      for (let k = 0; k < o.iterations; k++) {
        const w = axpy(w0, eps, v);
        assignAll(vars, w);
        tf.dispose(w);
        const plus = gradients(() => objective.loss(), vars);
        const base = g0;
        const hv = tf.tidy(() => plus.map((p, i) => tf.div(tf.sub(p, base[i] as tf.Tensor), eps)));
        tf.dispose(plus);
        lambda = await dot(v, hv);
        const next = await normalised(hv);
        tf.dispose([...hv, ...v]);
        v = next.v;
        if (next.norm === 0) break;
      }
      const vector = v;
      v = [];
      return { value: lambda, vector };
    } finally {
      tf.dispose([...w0, ...v, ...g0]);
    }
  });
}
