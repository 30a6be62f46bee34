/**
 * The CheckpointStore adapters the contract suite runs against, each with the one thing a test
 * cannot do through the port: damage a stored checkpoint the way a disk or a broken copy would.
 * - file: truncate the data file, or flip one bit in it.
 * - NATS object store: delete the last chunk message from the stream (truncated), or re-put the
 *   object with one bit flipped under the original checkpoint record (the library's own digest
 *   then matches the flipped bytes: only our digest catches it).
 */
import { readdirSync, readFileSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { jetstreamManager } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/transport-node';
import { FileCheckpointStore } from '../../src/checkpoints/file-store.js';
import { ObjectCheckpointStore } from '../../src/checkpoints/object-store.js';
import type { CheckpointStore } from '../../src/checkpoints/types.js';
import { connectNats } from '../../src/transport/nats/options.js';
import { tempDir } from '../support/builders.js';
import type { NatsServer } from '../support/nats-server.js';

export type Damage = 'truncate' | 'flip';

export interface CheckpointRig {
  store: CheckpointStore;
  damage(key: string, how: Damage): Promise<void>;
}

export interface CheckpointAdapter {
  name: string;
  make(): Promise<CheckpointRig>;
}

export function fileCheckpointAdapter(): CheckpointAdapter {
  return {
    name: 'file',
    make: () => {
      const store = new FileCheckpointStore(tempDir());
      const damage = (key: string, how: Damage): Promise<void> => {
        const name = readdirSync(store.dir).find((n) => n.startsWith(`${key}.`) && n.endsWith('.ckpt'));
        if (!name) throw new Error(`no data file for ${key} in ${store.dir}`);
        const file = join(store.dir, name);
        const bytes = readFileSync(file);
        if (how === 'truncate') truncateSync(file, Math.floor(bytes.length / 2));
        else {
          bytes[bytes.length >> 1] = (bytes[bytes.length >> 1] ?? 0) ^ 0x10;
          writeFileSync(file, bytes);
        }
        return Promise.resolve();
      };
      return Promise.resolve({ store, damage });
    },
  };
}

let buckets = 0;

export function objectCheckpointAdapter(server: () => NatsServer, connections: NatsConnection[]): CheckpointAdapter {
  return {
    name: 'nats object store',
    make: async () => {
      const nc = await connectNats({ servers: [server().url] }, { name: 'checkpoint-contract' });
      connections.push(nc);
      const bucket = `ckpt-contract-${process.pid}-${buckets++}`;
      const store = await ObjectCheckpointStore.open(nc, { bucket, stallMs: 3000 });
      const damage = async (key: string, how: Damage): Promise<void> => {
        const info = await store.objects.info(key);
        if (!info) throw new Error(`no object ${key}`);
        if (how === 'truncate') {
          const jsm = await jetstreamManager(nc);
          const stream = `OBJ_${bucket}`;
          const last = await jsm.streams.getMessage(stream, { last_by_subj: `$O.${bucket}.C.${info.nuid}` });
          if (!last) throw new Error('no chunk to delete');
          await jsm.streams.deleteMessage(stream, last.seq);
          return;
        }
        const bytes = await store.objects.getBlob(key);
        if (!bytes) throw new Error(`no bytes for ${key}`);
        bytes[bytes.length >> 1] = (bytes[bytes.length >> 1] ?? 0) ^ 0x10;
        await store.objects.putBlob({ name: key, metadata: info.metadata ?? {} }, bytes);
      };
      return { store, damage };
    },
  };
}
