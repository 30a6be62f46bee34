/**
 * Filter-normalised random directions (Li et al. 2018, "Visualizing the Loss Landscape of Neural
 * Nets", section 4): a Gaussian direction d of the weights' shape, rescaled filter by filter so
 * that ||d_f|| = ||w_f|| for every filter f. A filter is one output unit: a conv kernel's
 * [3, 3, in] slice of output channel c (layout [3, 3, in, out]), a dense kernel's column j
 * (layout [in, out]). Biases and norm parameters get direction 0 (the paper's default). Plain
 * arrays in float64 arithmetic, seeded from the trial seed and a stream name only, so the same
 * seed and weights give the same direction in any process and on any backend.
 */
import { createRng, normalArray } from '../random.js';

/** One variable's direction: `weights` laid out with the output unit as the LAST axis (`outputs` of them). */
export function filterNormalized(weights: Float32Array, outputs: number, seed: number, stream: string): Float32Array {
  const d = normalArray(createRng(seed, stream), weights.length, 1);
  const wn = new Float64Array(outputs);
  const dn = new Float64Array(outputs);
  for (let i = 0; i < weights.length; i++) {
    const f = i % outputs;
    wn[f] = (wn[f] as number) + (weights[i] as number) ** 2;
    dn[f] = (dn[f] as number) + (d[i] as number) ** 2;
  }
  for (let i = 0; i < d.length; i++) {
    const f = i % outputs;
    const scale = (dn[f] as number) > 0 ? Math.sqrt(wn[f] as number) / Math.sqrt(dn[f] as number) : 0;
    d[i] = (d[i] as number) * scale;
  }
  return d;
}

/** Per-filter L2 norms of an array laid out as in filterNormalized. */
export function filterNorms(values: Float32Array, outputs: number): number[] {
  const n = new Array<number>(outputs).fill(0);
  values.forEach((x, i) => (n[i % outputs] = (n[i % outputs] as number) + x * x));
  return n.map(Math.sqrt);
}
