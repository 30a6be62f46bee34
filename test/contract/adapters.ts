/**
 * The adapters the contract suites run against: both stores (file, JetStream) and both transports
 * (IPC, NATS). Each factory gets a fresh namespace (its own sweep ids / directories).
 */
import { jetstream } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/transport-node';
import { FileStore } from '../../src/store/file-store.js';
import { JetStreamStore } from '../../src/store/jetstream/jetstream-store.js';
import type { RemovableStore, ResultsStore, WatchableStore } from '../../src/store/types.js';
import type { TrialEvent } from '../../src/transport/events.js';
import { IpcInbox } from '../../src/transport/ipc/inbox.js';
import { NatsInbox } from '../../src/transport/nats/inbox.js';
import { connectNats } from '../../src/transport/nats/options.js';
import { NatsPublisher } from '../../src/transport/nats/publisher.js';
import type { EventInbox, EventPublisher } from '../../src/transport/types.js';
import { tempDir } from '../support/builders.js';
import type { NatsServer } from '../support/nats-server.js';

export type ContractStore = ResultsStore & WatchableStore & RemovableStore & { lock(id: string): Promise<() => Promise<void>> };

export interface StoreAdapter {
  name: string;
  make(): Promise<ContractStore>;
}

export function fileStoreAdapter(): StoreAdapter {
  return { name: 'file', make: () => Promise.resolve(new FileStore(tempDir())) };
}

export function jetStreamStoreAdapter(server: () => NatsServer, connections: NatsConnection[]): StoreAdapter {
  return {
    name: 'jetstream',
    make: async () => {
      const nc = await connectNats({ servers: [server().url] }, { name: 'contract' });
      connections.push(nc);
      return JetStreamStore.open(nc, { cacheDir: tempDir(), label: 'test' });
    },
  };
}

/** One sweep's transport: publishers (one per worker), the controller's inbox, and a raw injector. */
export interface TransportRig {
  inbox: EventInbox;
  publisher(): EventPublisher;
  /** Puts raw bytes where a publisher would (malformed-message tests). */
  inject(sweepId: string, raw: string): Promise<void>;
  close(): Promise<void>;
}

export interface TransportAdapter {
  name: string;
  open(sweepId: string): Promise<TransportRig>;
}

/** IPC as the local executor wires it: each child's messages are pushed to the inbox. */
export function ipcAdapter(): TransportAdapter {
  return {
    name: 'ipc',
    open: (): Promise<TransportRig> => {
      const inbox = new IpcInbox();
      const publisher = (): EventPublisher => ({
        publish: (e: TrialEvent) => {
          inbox.push(structuredClone(e));
          return Promise.resolve();
        },
        close: () => Promise.resolve(),
      });
      const inject = (_sweepId: string, raw: string): Promise<void> => {
        let value: unknown = raw;
        try {
          value = JSON.parse(raw);
        } catch {
          // the raw text, as a broken child might send
        }
        inbox.push(value);
        return Promise.resolve();
      };
      return Promise.resolve({ inbox, publisher, inject, close: () => inbox.close() });
    },
  };
}

export function natsAdapter(server: () => NatsServer): TransportAdapter {
  return {
    name: 'nats',
    open: async (sweepId) => {
      const settings = { servers: [server().url] };
      const nc = await connectNats(settings, { name: 'contract-controller' });
      const inbox = await NatsInbox.open(nc, sweepId);
      const publishers: NatsPublisher[] = [];
      return {
        inbox,
        publisher: () => {
          const p = new NatsPublisher({ settings, deadlineMs: 60_000 });
          publishers.push(p);
          return p;
        },
        inject: async (id, raw) => {
          await jetstream(nc).publish(`zapsweep.${id}.junk.progress`, raw);
        },
        close: async () => {
          await inbox.close();
          for (const p of publishers) await p.close().catch(() => undefined);
          await nc.close();
        },
      };
    },
  };
}
