/**
 * Linear interpolation between two weight snapshots: w(t) = (1 - t) a + t b at `points` evenly
 * spaced t in [0, 1] (both ends included), with the objective's loss and accuracy at each, and
 * the barrier height max_t loss(t) - (loss(0) + loss(1)) / 2 (0 or less: no barrier). The
 * variables are restored exactly afterwards.
 */
import * as tf from '@tensorflow/tfjs';
import type { Objective } from './objective.js';
import { assignAll, holding, type Weights } from './weights.js';

export interface InterpolationCurve {
  readonly t: number[];
  readonly loss: number[];
  readonly accuracy: number[];
  readonly barrier: number;
}

export function barrierOf(loss: readonly number[]): number {
  const ends = ((loss[0] as number) + (loss[loss.length - 1] as number)) / 2;
  return Math.max(...loss) - ends;
}

export async function interpolate(objective: Objective, a: Weights, b: Weights, points: number): Promise<InterpolationCurve> {
  const vars = objective.variables;
  return holding(vars, async () => {
    const t = Array.from({ length: points }, (_, i) => i / (points - 1));
    const loss: number[] = [];
    const accuracy: number[] = [];
    for (const ti of t) {
      const w = tf.tidy(() => a.map((x, i) => tf.add(tf.mul(x, 1 - ti), tf.mul(b[i] as tf.Tensor, ti))));
      assignAll(vars, w);
      tf.dispose(w);
      const r = await objective.evaluate();
      loss.push(r.loss);
      accuracy.push(r.accuracy);
    }
    return { t, loss, accuracy, barrier: barrierOf(loss) };
  });
}
