/**
 * The probes of one trial (experiment.probes): what is measured at each probe point, where the
 * numbers go, and the trial's finished-metric summary. Created by run-trial.ts, called by the
 * protocols through ProbeHooks, then `finish()` (end of transfer) and `dispose()`.
 * Points (docs/metrics.md "Probes"):
 *   epoch (pretrain)   fisher / sharpness when `at` has epoch; completes the zap interpolation
 *                      one epoch after the first zap
 *   beforeZap          the Fisher diagonal for the zapped share; the zap pair's first snapshot
 *   afterZap           fisher.zappedShare; fisher / sharpness (.afterZap) when `at` has zap
 *   pretrainEnd        the slice; fisher / sharpness for the summary if not measured there yet
 *   transferStart      the transfer pair's first snapshot
 *   epoch (transfer)   transfer.* fisher / sharpness when `at` has epoch (iid transfer)
 *   checkpoint         transfer.* fisher / sharpness when `at` has transferCheckpoint (sequential
 *                      transfer training the body; the head-only learner keeps its weights
 *                      outside the model until it finishes)
 *   finish             the transfer interpolation; returns the summary and probes.seconds
 * Pre-training probes use the old classes' probe batch, transfer probes the new classes'.
 */
import { performance } from 'node:perf_hooks';
import * as tf from '@tensorflow/tfjs';
import type { ProbesSpec } from '../../spec/probes-schema.js';
import type { Experiment } from '../../spec/schema.js';
import type { TaskData } from '../data/dataset.js';
import type { Model } from '../model.js';
import type { TrainerSink } from '../types.js';
import { probeBatch, type ProbeBatch } from './batch.js';
import { modelFisherDiagonal } from './fisher-batched.js';
import { zappedShare, type FisherDiagonal } from './fisher.js';
import { interpolate } from './interpolate.js';
import { measure, type Measured, type MeasureRequest } from './measure.js';
import { modelObjective, type Objective } from './objective.js';
import { lossSlice } from './slice.js';
import type { ProbeHooks, ProbePoint } from './types.js';
import { snapshot, type Weights } from './weights.js';

export class TrialProbes implements ProbeHooks {
  private readonly spec: ProbesSpec;
  private readonly batches = new Map<'pretrain' | 'transfer', ProbeBatch>();
  private readonly summary: Record<string, number> = {};
  private seconds = 0;
  private diagonal: { step: number; diag: FisherDiagonal } | undefined;
  private lastPretrainStep: number | undefined;
  private zapPair: { step: number; before: Weights } | undefined;
  private zapPairDone = false;
  private transferStart: Weights | undefined;
  /** The last sharpness point's eigenvector: the next point's warm start. */
  private eigenvector: Weights | undefined;

  constructor(
    private readonly experiment: Experiment,
    private readonly seed: number,
    private readonly data: TaskData,
    private readonly model: Model,
    private readonly sink: TrainerSink,
  ) {
    this.spec = experiment.probes ?? { probeImages: 16 };
  }

  async at(p: ProbePoint): Promise<void> {
    await this.timed(() => this.handle(p));
  }

  /** End of transfer: the transfer interpolation; the finished-metric summary (with probes.seconds). */
  async finish(): Promise<Record<string, number>> {
    await this.timed(async () => {
      if (this.transferStart !== undefined) {
        await this.interpolation('transfer', this.objective('transfer'), this.transferStart, snapshot(this.model.variables('all')));
        tf.dispose(this.transferStart);
        this.transferStart = undefined;
      }
    });
    const finite = Object.entries(this.summary).filter(([, v]) => Number.isFinite(v));
    return { ...Object.fromEntries(finite), 'probes.seconds': this.seconds };
  }

  dispose(): void {
    for (const b of this.batches.values()) b.dispose();
    this.batches.clear();
    if (this.zapPair !== undefined) tf.dispose(this.zapPair.before);
    if (this.transferStart !== undefined) tf.dispose(this.transferStart);
    if (this.eigenvector !== undefined) tf.dispose(this.eigenvector);
    this.zapPair = undefined;
    this.transferStart = undefined;
    this.eigenvector = undefined;
  }

  private async handle(p: ProbePoint): Promise<void> {
    const { fisher, sharpness, interpolate: interp, slice } = this.spec;
    const wants = (point: 'epoch' | 'zap' | 'transferCheckpoint'): { fisher: boolean; sharpness: MeasureRequest['sharpness'] } => ({
      fisher: fisher?.at.includes(point) ?? false,
      sharpness: sharpness?.at.includes(point) ? sharpness : undefined,
    });
    switch (p.kind) {
      case 'epoch': {
        const w = wants('epoch');
        if (p.phase === 'transfer') {
          await this.measured({ ...w, prefix: 'transfer.', suffix: '', step: p.step, optimizer: p.optimizer }, 'transfer');
          return;
        }
        if (w.fisher || w.sharpness) await this.pretrainMeasure({ ...w, prefix: '', suffix: '', step: p.step, optimizer: p.optimizer });
        if (this.zapPair !== undefined && p.step === this.zapPair.step + 1) {
          await this.interpolation('zap', this.objective('pretrain'), this.zapPair.before, snapshot(this.model.variables('all')));
          tf.dispose(this.zapPair.before);
          this.zapPair = undefined;
        }
        return;
      }
      case 'beforeZap':
        // The diagonal alone (for the zapped share): the traces went out already or were not asked for.
        if (fisher !== undefined && this.diagonal?.step !== p.step) this.diagonal = { step: p.step, diag: await modelFisherDiagonal(this.model, this.batch('pretrain')) };
        if (interp?.pairs.includes('zap') && !this.zapPairDone) {
          this.zapPair = { step: p.step, before: snapshot(this.model.variables('all')) };
          this.zapPairDone = true;
        }
        return;
      case 'afterZap': {
        if (this.diagonal?.step === p.step) {
          const whole = p.layers.filter((l) => l !== 'head');
          const value = zappedShare(this.diagonal.diag, this.model.layers, whole, p.rows);
          this.emit('fisher.zappedShare', value, p.step);
        }
        const w = wants('zap');
        if (w.fisher || w.sharpness) await this.measured({ ...w, prefix: '', suffix: '.afterZap', step: p.step, optimizer: p.optimizer }, 'pretrain');
        return;
      }
      case 'pretrainEnd':
        if ((fisher !== undefined || sharpness !== undefined) && this.lastPretrainStep !== p.step) {
          await this.pretrainMeasure({ fisher: fisher !== undefined, sharpness, prefix: '', suffix: '', step: p.step, optimizer: p.optimizer });
        }
        if (slice !== undefined) {
          const s = await lossSlice(this.objective('pretrain'), this.model.layers, { ...slice, seed: this.seed });
          s.loss.forEach((value, step) => this.emit('landscape.slice.loss', value, step));
          this.sink.metric({ name: 'landscape.slice.span', value: slice.span, step: 0 });
        }
        return;
      case 'transferStart':
        if (interp?.pairs.includes('transfer')) this.transferStart = snapshot(this.model.variables('all'));
        return;
      case 'checkpoint':
        if (this.experiment.transfer.trainLayers !== 'head') {
          await this.measured({ ...wants('transferCheckpoint'), prefix: 'transfer.', suffix: '', step: p.step }, 'transfer');
        }
        return;
    }
  }

  /** A pre-training measurement whose values become the summary (the last one is the end of pre-training). */
  private async pretrainMeasure(r: MeasureRequest): Promise<void> {
    const m = await this.measureWarm(r, 'pretrain');
    Object.assign(this.summary, m.values);
    if (m.diagonal !== undefined) this.diagonal = { step: r.step, diag: m.diagonal };
    this.lastPretrainStep = r.step;
  }

  private async measured(r: MeasureRequest, phase: 'pretrain' | 'transfer'): Promise<void> {
    if (r.fisher || r.sharpness !== undefined) await this.measureWarm(r, phase);
  }

  /** measure(), warm-starting the power iteration from the previous point's eigenvector. */
  private async measureWarm(r: MeasureRequest, phase: 'pretrain' | 'transfer'): Promise<Measured> {
    const m = await measure(this.model, this.batch(phase), this.objective(phase), this.seed, this.sink, { ...r, eigenvector: this.eigenvector });
    if (m.eigenvector !== undefined) {
      if (this.eigenvector !== undefined) tf.dispose(this.eigenvector);
      this.eigenvector = m.eigenvector;
    }
    return m;
  }

  /** Emits the curve (step = point index) and the barrier; `to` is consumed. */
  private async interpolation(pair: 'zap' | 'transfer', objective: Objective, from: Weights, to: Weights): Promise<void> {
    try {
      const c = await interpolate(objective, from, to, this.spec.interpolate?.points ?? 11);
      c.loss.forEach((value, step) => this.emit(`landscape.interp.${pair}.loss`, value, step));
      c.accuracy.forEach((value, step) => this.emit(`landscape.interp.${pair}.accuracy`, value, step));
      this.emit(`landscape.barrier.${pair}`, c.barrier);
      this.summary[`landscape.barrier.${pair}`] = c.barrier;
    } finally {
      tf.dispose(to);
    }
  }

  /** A metric event, unless the value is not finite (the ledger would reject it). */
  private emit(name: string, value: number, step?: number): void {
    if (Number.isFinite(value)) this.sink.metric({ name, value, ...(step === undefined ? {} : { step }) });
  }

  private objective(phase: 'pretrain' | 'transfer'): Objective {
    return modelObjective(this.model, this.batch(phase));
  }

  private batch(phase: 'pretrain' | 'transfer'): ProbeBatch {
    let b = this.batches.get(phase);
    if (b === undefined) {
      const set = phase === 'pretrain' ? this.data.oldTest : this.data.newTest;
      b = probeBatch(set, this.seed, phase, this.spec.probeImages);
      this.batches.set(phase, b);
    }
    return b;
  }

  private async timed(f: () => Promise<void>): Promise<void> {
    const t0 = performance.now();
    try {
      await f();
    } finally {
      this.seconds += (performance.now() - t0) / 1000;
    }
  }
}
