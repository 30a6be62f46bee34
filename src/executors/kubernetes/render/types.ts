/** What rendering takes (all data, no I/O) and the plain objects it returns. */
import type { KubernetesExecutorSpec } from '../../../spec/schema.js';

export interface RenderInput {
  readonly sweepId: string;
  readonly namespace: string;
  /** The spec text as the user wrote it (the worker re-expands it). */
  readonly specText: string;
  /** zapsweep version recorded in the ConfigMap and labels. */
  readonly version: string;
  /** expectedTrialDigest of the controller's expansion. */
  readonly digest: string;
  readonly trialCount: number;
  readonly executor: KubernetesExecutorSpec;
  /** spec.budget.retries: the default backoffLimitPerIndex. */
  readonly retries: number;
  /** spec.budget.trialTimeout in seconds: the pods' activeDeadlineSeconds. */
  readonly trialTimeoutSeconds: number;
  /** Where the pods reach NATS. */
  readonly natsUrl: string;
  /** Indexes per Job; default SHARD_SIZE. */
  readonly shardSize?: number;
  /**
   * An adaptive search (race, halving; src/search): the trial indexes of each round, in order. Each
   * round becomes its own Job shard(s), mapping completion index k to the k-th of its indexes.
   */
  readonly groups?: readonly (readonly number[])[];
}

/** A Kubernetes object as plain JSON (what the API and kubernetes-models take). */
export type KubeObject = Record<string, unknown> & { apiVersion: string; kind: string; metadata: { name: string; namespace?: string; labels?: Record<string, string>; annotations?: Record<string, string> } };

export interface Shard {
  readonly shard: number;
  /** First trial index of this Job (its JOB_COMPLETION_INDEX 0). */
  readonly offset: number;
  readonly completions: number;
  /** A round's shard: the trial index of each completion index (else offset + completion index). */
  readonly indexes?: readonly number[];
}

export interface RenderedSweep {
  readonly configMap: KubeObject;
  readonly jobs: readonly KubeObject[];
  readonly shards: readonly Shard[];
}
