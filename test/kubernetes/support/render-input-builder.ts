/** Fluent builder of RenderInput for table-driven rendering tests (Kueue style: make...().obj()). */
import type { RenderInput } from '../../../src/executors/kubernetes/render/types.js';
import type { KubernetesExecutorSpec } from '../../../src/spec/schema.js';

export class RenderInputBuilder {
  private input: RenderInput;

  constructor(sweepId = 'tiny-20260101-010203-ab12') {
    this.input = {
      sweepId,
      namespace: 'sweeps',
      specText: 'apiVersion: zapsweep/v1\nkind: Sweep\nmetadata:\n  name: tiny\nspec: {}\n',
      version: '0.1.0',
      digest: 'abcdef012345',
      trialCount: 4,
      executor: { kind: 'kubernetes', image: 'zapsweep:dev', gpus: 0 },
      retries: 2,
      trialTimeoutSeconds: 1800,
      natsUrl: 'nats://nats.zapsweep:4222',
    };
  }

  trials(n: number): this {
    this.input = { ...this.input, trialCount: n };
    return this;
  }

  shardSize(n: number): this {
    this.input = { ...this.input, shardSize: n };
    return this;
  }

  executor(patch: Partial<KubernetesExecutorSpec>): this {
    this.input = { ...this.input, executor: { ...this.input.executor, ...patch } };
    return this;
  }

  retries(n: number): this {
    this.input = { ...this.input, retries: n };
    return this;
  }

  obj(): RenderInput {
    return this.input;
  }
}

export const makeRenderInput = (sweepId?: string): RenderInputBuilder => new RenderInputBuilder(sweepId);
