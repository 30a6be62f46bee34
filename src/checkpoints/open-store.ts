/**
 * Which CheckpointStore a command or worker uses: the file store under the results store's
 * directory for local runs, the NATS object store when a connection is given (--nats). The NATS
 * adapter is imported only then, so commands without NATS never load the client.
 */
import type { NatsConnection } from '@nats-io/transport-node';
import { FileCheckpointStore } from './file-store.js';
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
