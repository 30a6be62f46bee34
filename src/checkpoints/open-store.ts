/**
 * Which CheckpointStore and StageClaims a command or worker uses: the file store under the results
 * store's directory and in-memory claims for local runs; the NATS object store and KV claims when a
 * connection is given (--nats). The NATS adapters are imported only then, so commands without NATS
 * never load the client.
 */
import type { NatsConnection } from '@nats-io/transport-node';
import { systemClock, type Clock } from '../util/clock.js';
import { FileCheckpointStore } from './file-store.js';
import { MemoryStageClaims, type StageClaims } from './stage-claims.js';
import type { CheckpointStore } from './types.js';

export type CheckpointStoreTarget =
  /** `root`: the results store directory (--store / ZAPSWEEP_HOME); checkpoints go to `<root>/checkpoints/`. */
  | { readonly root: string; readonly nats?: undefined }
  /** The object store bucket `bucket` (default zapsweep-checkpoints) on this connection (not closed here). */
  | { readonly nats: NatsConnection; readonly bucket?: string };

/** A store that says where it keeps its checkpoints ("/x/.zapsweep/checkpoints", "the NATS object store zapsweep-checkpoints"). */
export interface LabelledCheckpointStore extends CheckpointStore {
  readonly label: string;
}

export async function openCheckpointStore(target: CheckpointStoreTarget): Promise<LabelledCheckpointStore> {
  if (target.nats === undefined) {
    return new FileCheckpointStore(target.root);
  }
  const { ObjectCheckpointStore } = await import('./object-store.js');
  return ObjectCheckpointStore.open(target.nats, target.bucket === undefined ? {} : { bucket: target.bucket });
}

export type StageClaimsTarget =
  /** One process (tests, a local run whose controller schedules stages): claims in memory on `clock`. */
  | { readonly nats?: undefined; readonly clock?: Clock; readonly ttlMs?: number }
  /** Pods on Kubernetes: the KV bucket `bucket` (default zapsweep-stage-claims) on this connection. */
  | { readonly nats: NatsConnection; readonly bucket?: string; readonly ttlMs?: number };

/** The StageClaims for obtainStage: NATS KV when a connection is given (imported only then), else in memory. */
export async function openStageClaims(target: StageClaimsTarget): Promise<StageClaims> {
  if (target.nats === undefined) return new MemoryStageClaims(target.clock ?? systemClock, target.ttlMs);
  const { KvStageClaims } = await import('./kv-stage-claims.js');
  return KvStageClaims.open(target.nats, { ...(target.bucket === undefined ? {} : { bucket: target.bucket }), ...(target.ttlMs === undefined ? {} : { ttlMs: target.ttlMs }) });
}
