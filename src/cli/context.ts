/** What every command needs from the outside world; built once in main.ts. */
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { FileStore } from '../store/file-store.js';
import type { ResultsStore, WatchableStore } from '../store/types.js';
import type { NatsSettings } from '../transport/nats/options.js';

/** What commands need of a store: the port, live following, a label for messages, one controller per sweep. */
export type CliStore = ResultsStore & WatchableStore & { readonly root: string; lock(sweepId: string): Promise<() => Promise<void>> };

export interface CliContext {
  store: CliStore;
  /** Set when a NATS server is named (--nats or NATS_URL): events and results go through JetStream. */
  nats?: { settings: NatsSettings; deadline?: string };
  stdout: NodeJS.WritableStream & { isTTY?: boolean };
  stderr: NodeJS.WritableStream;
  /** The script a worker process runs (this CLI). */
  cliEntry: string;
  cores: number;
}

export function makeContext(storeDir: string): CliContext {
  return {
    store: new FileStore(storeDir),
    stdout: process.stdout,
    stderr: process.stderr,
    cliEntry: fileURLToPath(new URL('./main.js', import.meta.url)),
    cores: availableParallelism(),
  };
}

export function defaultStoreDir(): string {
  return process.env['ZAPSWEEP_HOME'] ?? '.zapsweep';
}
