/**
 * A 2-D slice of the loss around the current weights w along two filter-normalised seeded
 * directions d1, d2 (directions.ts; streams `probes:slice:1` and `probes:slice:2`):
 * loss(w + a d1 + b d2) for a, b on an evenly spaced grid of `grid` x `grid` points in
 * [-span, span]. Values row-major: index = row * grid + col, row = b (d2), col = a (d1).
 * The variables are restored exactly afterwards.
 */
import * as tf from '@tensorflow/tfjs';
import type { Layer } from '../model.js';
import { filterNormalized } from './directions.js';
import type { Objective } from './objective.js';
import { assignAll, holding } from './weights.js';

export interface LossSlice {
  /** The grid's coordinates along each direction. */
  readonly coords: number[];
  readonly loss: number[];
}

/** The direction of every variable of `layers` (kernels filter-normalised, the rest zero), by variable name. */
export async function sliceDirection(layers: readonly Layer[], seed: number, stream: string): Promise<Map<string, tf.Tensor>> {
  const out = new Map<string, tf.Tensor>();
  for (const l of layers) {
    const outputs = l.kernel.shape[l.kernel.shape.length - 1] as number;
    const w = (await l.kernel.data()) as Float32Array;
    out.set(l.kernel.name, tf.tensor(filterNormalized(w, outputs, seed, `${stream}:${l.name}`), l.kernel.shape));
  }
  return out;
}

export async function lossSlice(objective: Objective, layers: readonly Layer[], o: { grid: number; span: number; seed: number }): Promise<LossSlice> {
  const vars = objective.variables;
  const d1 = await sliceDirection(layers, o.seed, 'probes:slice:1');
  const d2 = await sliceDirection(layers, o.seed, 'probes:slice:2');
  try {
    return await holding(vars, async () => {
      // Only the variables with a direction move (kernels); the rest keep their values.
      const moving = vars.filter((v) => d1.has(v.name) && d2.has(v.name));
      const w0 = moving.map((v) => tf.clone(v));
      try {
        const coords = Array.from({ length: o.grid }, (_, i) => -o.span + (2 * o.span * i) / (o.grid - 1));
        const loss: number[] = [];
        for (const b of coords) {
          for (const a of coords) {
            const w = tf.tidy(() => moving.map((v, i) => tf.add(w0[i] as tf.Tensor, tf.add(tf.mul(d1.get(v.name) as tf.Tensor, a), tf.mul(d2.get(v.name) as tf.Tensor, b)))));
            assignAll(moving, w);
            tf.dispose(w);
            const l = tf.tidy(() => objective.loss());
            loss.push((await l.data())[0] as number);
            l.dispose();
          }
        }
        return { coords, loss };
      } finally {
        tf.dispose(w0);
      }
    });
  } finally {
    tf.dispose([...d1.values(), ...d2.values()]);
  }
}
