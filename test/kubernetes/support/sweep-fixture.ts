/** Builds a batch-controller run against a test cluster (fluent, Kueue style). */
import { expectedTrialDigest } from '../../../src/spec/expand.js';
import type { KubernetesExecutorSpec } from '../../../src/spec/schema.js';
import type { Trial } from '../../../src/spec/trial.js';
import { runBatchController, type BatchControllerOptions } from '../../../src/controller/batch-controller.js';
import type { ControllerOutcome } from '../../../src/controller/types.js';
import { systemClock } from '../../../src/util/clock.js';
import { KubernetesExecutor } from '../../../src/executors/kubernetes/kubernetes-executor.js';
import { FileStore } from '../../../src/store/file-store.js';
import { makeTrials, sweepRecord, tempDir } from '../../support/builders.js';
import type { TestCluster } from './cluster.js';

type Plan = Record<number, Array<'ok' | 'fail' | 'crash' | 'fatal' | 'hang' | 'slow'>>;

export class SweepFixture {
  readonly trials: Trial[];
  readonly store = new FileStore(tempDir());
  readonly sweepId: string;
  private plan: Plan = {};
  private spec: Partial<KubernetesExecutorSpec> = {};
  private retries = 2;
  private shardSize: number | undefined;
  notes: string[] = [];

  constructor(
    private readonly cluster: TestCluster,
    trials: number,
    sweepId = `t-${Math.random().toString(16).slice(2, 8)}`,
  ) {
    this.trials = makeTrials(trials);
    this.sweepId = sweepId;
  }

  withPlan(plan: Plan): this {
    this.plan = plan;
    return this;
  }

  withExecutor(spec: Partial<KubernetesExecutorSpec>): this {
    this.spec = spec;
    return this;
  }

  withRetries(n: number): this {
    this.retries = n;
    return this;
  }

  withShardSize(n: number): this {
    this.shardSize = n;
    return this;
  }

  async create(): Promise<this> {
    await this.store.createSweep({ ...sweepRecord(this.sweepId, this.trials.length), executor: 'kubernetes' }, 'spec: {}\n');
    return this;
  }

  executor(signal?: AbortSignal): KubernetesExecutor {
    return new KubernetesExecutor({
      api: this.cluster.kube(signal),
      spec: {
        kind: 'kubernetes',
        image: 'zapsweep:test',
        gpus: 0,
        env: { FAKE_TRIAL_IDS: this.trials.map((t) => t.trialId).join(','), FAKE_PLAN: JSON.stringify(this.plan) },
        ...this.spec,
      },
      retries: this.retries,
      trialTimeoutSeconds: 600,
      natsUrl: 'nats://127.0.0.1:4222',
      version: '0.1.0',
      stallMs: 2000,
      ...(this.shardSize === undefined ? {} : { shardSize: this.shardSize }),
    });
  }

  run(signal = new AbortController().signal, extra: Partial<BatchControllerOptions> = {}): Promise<ControllerOutcome> {
    return runBatchController({
      sweepId: this.sweepId,
      trials: this.trials,
      specText: 'spec: {}\n',
      digest: expectedTrialDigest(this.trials),
      executor: this.executor(signal),
      inbox: this.cluster.freshInbox(),
      store: this.store,
      retries: this.retries,
      clock: systemClock,
      signal,
      graceMs: 2000,
      observer: { note: (m) => void this.notes.push(m) },
      ...extra,
    });
  }
}
