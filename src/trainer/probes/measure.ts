/**
 * Fisher and sharpness at one probe point, as metric events (docs/metrics.md "Probes"):
 *   <prefix>fisher.trace.<layer><suffix>, <prefix>fisher.trace.total<suffix>,
 *   <prefix>adam.fisherAgreement.<layer><suffix> (Adam-family optimizers), <prefix>sharpness.top<suffix>,
 * prefix '' (pre-training) or 'transfer.', suffix '' or '.afterZap'. Returns the values by name
 * and the diagonal (for the zapped share).
 */
import type * as tf from '@tensorflow/tfjs';
import type { Model } from '../model.js';
import type { TrainerSink } from '../types.js';
import type { ProbeBatch } from './batch.js';
import { modelFisherDiagonal } from './fisher-batched.js';
import { adamAgreement, tracePerLayer, type FisherDiagonal } from './fisher.js';
import type { Objective } from './objective.js';
import { topHessianEigen } from './sharpness.js';
import type { Weights } from './weights.js';

export interface MeasureRequest {
  readonly fisher: boolean;
  readonly sharpness: { readonly iterations: number } | undefined;
  readonly prefix: '' | 'transfer.';
  readonly suffix: '' | '.afterZap';
  readonly step: number;
  readonly optimizer?: tf.Optimizer | undefined;
  /** The previous sharpness point's eigenvector (warm start); not consumed. */
  readonly eigenvector?: Weights | undefined;
}

export interface Measured {
  readonly values: Record<string, number>;
  readonly diagonal?: FisherDiagonal;
  /** This point's eigenvector (sharpness only; the caller disposes it). */
  readonly eigenvector?: Weights;
}

export async function measure(model: Model, batch: ProbeBatch, objective: Objective, seed: number, sink: TrainerSink, r: MeasureRequest): Promise<Measured> {
  const values: Record<string, number> = {};
  // A non-finite value (a diverged trial) is left out: the ledger rejects events carrying one.
  const put = (name: string, value: number): void => {
    if (!Number.isFinite(value)) return;
    const full = `${r.prefix}${name}${r.suffix}`;
    values[full] = value;
    sink.metric({ name: full, value, step: r.step });
  };
  let diagonal: FisherDiagonal | undefined;
  let eigenvector: Weights | undefined;
  if (r.fisher) {
    diagonal = await modelFisherDiagonal(model, batch);
    const traces = tracePerLayer(diagonal, model.layers);
    for (const t of traces) put(`fisher.trace.${t.layer}`, t.trace);
    put('fisher.trace.total', traces.reduce((s, t) => s + t.trace, 0));
    if (r.optimizer !== undefined) {
      for (const a of await adamAgreement(r.optimizer, diagonal, model.layers)) put(`adam.fisherAgreement.${a.layer}`, a.cosine);
    }
  }
  if (r.sharpness !== undefined) {
    const stream = `probes:sharpness:${r.prefix}${r.step}${r.suffix}`;
    const top = await topHessianEigen(objective, { iterations: r.sharpness.iterations, seed, stream, start: r.eigenvector });
    put('sharpness.top', top.value);
    eigenvector = top.vector;
  }
  return { values, ...(diagonal === undefined ? {} : { diagonal }), ...(eigenvector === undefined ? {} : { eigenvector }) };
}
