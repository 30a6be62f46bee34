/**
 * Fluent fixtures for the live view: a grid of configurations x seeds and the events that happen
 * to them. `sweepFixture().grid({ zapEvery: [0, 1] }).seeds(3).succeed(0, 0, 0.9, 0.3).model()`.
 */
import { LiveModel } from '../../../src/ui/model/live-model.js';
import { experimentSchema, type AxisValue } from '../../../src/spec/schema.js';
import type { Trial } from '../../../src/spec/trial.js';
import type { EventBody, TrialEvent } from '../../../src/transport/events.js';

const experiment = experimentSchema.parse({});

export class SweepFixture {
  private axes: Array<[string, AxisValue[]]> = [['pretrain.zapEvery', [0, 1]]];
  private seedCount = 1;
  private built: Trial[] | undefined;
  readonly events: TrialEvent[] = [];
  private seqs = new Map<string, number>();
  private clock = 1_000;

  grid(axes: Record<string, AxisValue[]>): this {
    this.axes = Object.entries(axes).map(([k, v]) => [k.includes('.') ? k : `pretrain.${k}`, v]);
    this.built = undefined;
    return this;
  }

  seeds(n: number): this {
    this.seedCount = n;
    this.built = undefined;
    return this;
  }

  get trials(): Trial[] {
    if (this.built) return this.built;
    let configs: Array<Record<string, AxisValue>> = [{}];
    for (const [path, values] of this.axes) configs = configs.flatMap((c) => values.map((v) => ({ ...c, [path]: v })));
    const trials: Trial[] = [];
    configs.forEach((parameters, c) => {
      for (let seed = 0; seed < this.seedCount; seed++) {
        const index = trials.length;
        trials.push({ index, trialId: `t${index}`, configId: `c${c}`, seed, parameters, experiment });
      }
    });
    this.built = trials;
    return trials;
  }

  trial(config: number, seed = 0): Trial {
    const t = this.trials.find((x) => x.configId === `c${config}` && x.seed === seed);
    if (!t) throw new Error(`no trial c${config}/s${seed}`);
    return t;
  }

  emit(config: number, seed: number, body: EventBody, attempt = 0): this {
    const t = this.trial(config, seed);
    const key = `${t.trialId}/${attempt}`;
    const seq = this.seqs.get(key) ?? 0;
    this.seqs.set(key, seq + 1);
    this.clock += 1000;
    this.events.push({ ...body, sweepId: 'fixture-1', trialId: t.trialId, attempt, seq, time: this.clock });
    return this;
  }

  start(config: number, seed = 0, attempt = 0): this {
    return this.emit(config, seed, { type: 'started', index: this.trial(config, seed).index, host: 'h', backend: 'wasm', parameters: {} }, attempt);
  }

  progress(config: number, seed: number, phase: 'pretrain' | 'transfer', step: number, total: number, attempt = 0): this {
    return this.emit(config, seed, { type: 'progress', phase, step, total, loss: 0.5 }, attempt);
  }

  /** Epoch curves and zaps like a real trial's, scaled by `level`. */
  curves(config: number, seed: number, level = 0.9, zapEvery = 0): this {
    for (let epoch = 1; epoch <= 4; epoch++) {
      this.emit(config, seed, { type: 'metric', name: 'pretrain.loss', value: 2 / epoch, step: epoch });
      this.emit(config, seed, { type: 'metric', name: 'pretrain.oldTestAccuracy', value: level * (epoch / 4), step: epoch });
      if (zapEvery > 0 && epoch % zapEvery === 0 && epoch < 4) this.emit(config, seed, { type: 'zap', phase: 'pretrain', step: epoch, layers: ['head'] });
    }
    this.emit(config, seed, { type: 'metric', name: 'transfer.newTestAccuracy', value: level / 2, step: 1 });
    return this;
  }

  succeed(config: number, seed: number, retained: number, gain: number): this {
    const id = this.trial(config, seed).trialId;
    const started = this.events.some((e) => e.type === 'started' && e.trialId === id);
    if (!started) this.start(config, seed);
    return this.emit(config, seed, { type: 'finished', metrics: { retainedAccuracy: retained, newTaskGain: gain, oldAccBefore: 0.95, oldAccAfter: retained } });
  }

  fail(config: number, seed: number, message: string, o: { attempt?: number; retryable?: boolean; cause?: 'error' | 'crash' | 'timeout' | 'interrupted' } = {}): this {
    const attempt = o.attempt ?? 0;
    this.start(config, seed, attempt);
    return this.emit(config, seed, { type: 'failed', message, retryable: o.retryable ?? false, cause: o.cause ?? 'error' }, attempt);
  }

  /** Every seed of every configuration succeeds; config c gets retained 0.5+0.4·f, gain 0.6−0.3·f. */
  succeedAll(): this {
    const configs = new Set(this.trials.map((t) => t.configId)).size;
    for (let c = 0; c < configs; c++) {
      for (let s = 0; s < this.seedCount; s++) {
        const f = configs === 1 ? 0 : c / (configs - 1);
        this.succeed(c, s, 0.5 + 0.4 * f + s * 0.01, 0.6 - 0.3 * f + s * 0.01);
      }
    }
    return this;
  }

  model(o: { retries?: number; startedAt?: number } = {}): LiveModel {
    const m = new LiveModel({ sweep: { id: 'fixture-1', name: 'fixture', executor: 'local', status: 'running' }, trials: this.trials, retries: o.retries ?? 0, startedAt: o.startedAt ?? 0 });
    m.applyAll(this.events);
    return m;
  }
}

export function sweepFixture(): SweepFixture {
  return new SweepFixture();
}
