/**
 * Synthetic sweeps with planted effects, for analysis tests (STYLE.md: fluent builders).
 * A spec is written and expanded by the real spec code, so trial and config ids are the real ones.
 * A trial's metric = planted(parameters) + seedEffect(seed) + noise, where the seed effect is shared
 * by every configuration with that seed (same seed => same data), so seed pairing matters as it does
 * in real sweeps. Noise comes from a seeded generator: the same builder gives the same sweep.
 *   await syntheticSweep('planted').axes({ zapEvery: [0, 1, 3], optimizer: ['adam', 'sgd'] })
 *     .seeds(5).metric('retainedAccuracy', (p) => (p['pretrain.zapEvery'] === 3 ? 0.9 : 0.8))
 *     .writeTo(new FileStore(dir));
 */
import { unsafeUniformIntDistribution, xoroshiro128plus, type RandomGenerator } from 'pure-rand';
import type { TrialOutcome } from '../../src/analysis/types.js';
import { expand } from '../../src/spec/expand.js';
import { parseSpecText } from '../../src/spec/load.js';
import type { AxisValue } from '../../src/spec/schema.js';
import type { Trial } from '../../src/spec/trial.js';
import type { FileStore } from '../../src/store/file-store.js';
import type { TrialEvent } from '../../src/transport/events.js';

export type Planted = (parameters: Readonly<Record<string, AxisValue>>, seed: number) => number;

/** A standard normal draw (Box–Muller) from the generator. */
export function normal(rng: RandomGenerator): number {
  const u = (unsafeUniformIntDistribution(1, 2 ** 30, rng) - 0.5) / 2 ** 30;
  const v = unsafeUniformIntDistribution(0, 2 ** 30 - 1, rng) / 2 ** 30;
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
}

export class SyntheticSweep {
  private axisList: Record<string, AxisValue[]> = { zapEvery: [0, 1] };
  private seedCount = 3;
  private readonly planted = new Map<string, Planted>();
  private noiseSd = 0.01;
  private seedSd = 0.02;
  private rngSeed = 1;
  private failing = new Set<number>();
  private idSuffix = '';
  private readonly curveList = new Map<string, (parameters: Readonly<Record<string, AxisValue>>, seed: number) => Array<[number, number]>>();

  constructor(private readonly sweepName: string) {}

  axes(a: Record<string, AxisValue[]>): this {
    this.axisList = a;
    return this;
  }

  seeds(n: number): this {
    this.seedCount = n;
    return this;
  }

  /** Plants a metric's mean as a function of the parameters (and, if needed, the seed). */
  metric(name: string, f: Planted): this {
    this.planted.set(name, f);
    return this;
  }

  /** Per-trial noise sd, per-seed shared effect sd, and the generator seed. */
  noise(sd: number, seedSd = this.seedSd, rngSeed = this.rngSeed): this {
    this.noiseSd = sd;
    this.seedSd = seedSd;
    this.rngSeed = rngSeed;
    return this;
  }

  /** A curve reported as `metric` events (step, value) before `finished`, e.g. a sequential-transfer curve. */
  curve(name: string, f: (parameters: Readonly<Record<string, AxisValue>>, seed: number) => Array<[number, number]>): this {
    this.curveList.set(name, f);
    return this;
  }

  /** These trial indexes fail instead of finishing. */
  fail(...indexes: number[]): this {
    this.failing = new Set(indexes);
    return this;
  }

  /** Distinguishes sweeps of the same name in one store ("-b" -> "<name>-synthetic-b"). */
  suffix(s: string): this {
    this.idSuffix = s;
    return this;
  }

  get id(): string {
    return `${this.sweepName}-synthetic${this.idSuffix ? `-${this.idSuffix}` : ''}`;
  }

  specText(): string {
    const params = Object.entries(this.axisList).map(([k, vs]) => `    ${k}: ${JSON.stringify(vs)}`).join('\n');
    return `apiVersion: zapsweep/v1
kind: Sweep
metadata:
  name: "${this.sweepName}"
spec:
  parameters:
${params}
  seeds: ${this.seedCount}
  budget: { maxTrials: 10000 }
`;
  }

  trials(): Trial[] {
    return expand(parseSpecText(this.specText(), `${this.sweepName}.yaml`).sweep);
  }

  /** Every trial's planted metrics (undefined for failing trials), in trial order. */
  private metricsOf(trials: readonly Trial[]): Array<Record<string, number> | undefined> {
    const rng = xoroshiro128plus(this.rngSeed);
    const seedEffects = new Map<string, number>();
    for (const name of this.planted.keys()) for (const s of new Set(trials.map((t) => t.seed))) seedEffects.set(`${name}/${s}`, this.seedSd * normal(rng));
    return trials.map((t) => {
      if (this.failing.has(t.index)) return undefined;
      const m: Record<string, number> = {};
      for (const [name, f] of this.planted) m[name] = f(t.parameters, t.seed) + (seedEffects.get(`${name}/${t.seed}`) ?? 0) + this.noiseSd * normal(rng);
      return m;
    });
  }

  /** The outcomes the store would fold to, without a store (pure; for many quick comparisons). */
  outcomes(): TrialOutcome[] {
    const trials = this.trials();
    const metrics = this.metricsOf(trials);
    return trials.map((t, i) => {
      const m = metrics[i];
      const base = { trialId: t.trialId, configId: t.configId, index: t.index, seed: t.seed, parameters: { ...t.parameters }, attempts: 1 };
      return m ? { ...base, status: 'succeeded', metrics: m } : { ...base, status: 'failed', error: 'planted failure' };
    });
  }

  /** Creates the sweep in a real store: spec, record, and started + finished|failed events. */
  async writeTo(store: FileStore): Promise<{ sweepId: string; trials: Trial[] }> {
    const trials = this.trials();
    const metrics = this.metricsOf(trials);
    const sweepId = this.id;
    await store.createSweep(
      { id: sweepId, name: this.sweepName, createdAt: 0, updatedAt: 0, specSource: 'synthetic', specDigest: 'synthetic', executor: 'local', totalTrials: trials.length, status: 'completed' },
      this.specText(),
    );
    const events: TrialEvent[] = trials.flatMap((t, i): TrialEvent[] => {
      const env = { sweepId, trialId: t.trialId, attempt: 0, time: 0 };
      const m = metrics[i];
      const started: TrialEvent = { ...env, seq: 0, type: 'started', index: t.index, host: 'synthetic', backend: 'none', parameters: { ...t.parameters } };
      let seq = 1;
      const points: TrialEvent[] = m
        ? [...this.curveList].flatMap(([name, f]) => f(t.parameters, t.seed).map(([step, value]): TrialEvent => ({ ...env, seq: seq++, type: 'metric', name, value, step })))
        : [];
      const end: TrialEvent = m
        ? { ...env, seq, type: 'finished', metrics: m }
        : { ...env, seq, type: 'failed', message: 'planted failure', retryable: false, cause: 'error' };
      return [started, ...points, end];
    });
    await store.append(sweepId, events);
    return { sweepId, trials };
  }
}

export const syntheticSweep = (name: string): SyntheticSweep => new SyntheticSweep(name);
