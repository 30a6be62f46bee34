/**
 * What every command needs from the outside world; built once in main.ts.
 * The file store checks its directory (exists or can be created, is a directory, is writable)
 * before the first thing a command writes: `run` fails at `createSweep`, `resume` at the lock,
 * before any worker starts, with one StorePathError (exit 2) giving the OS's reason. Commands
 * that never write (validate, worker, ls) never need a writable store.
 */
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { FileStore } from '../store/file-store.js';
import type { RemovableStore, ResultsStore, WatchableStore } from '../store/types.js';
import type { NatsSettings } from '../transport/nats/options.js';

/** What commands need of a store: the port, live following, a label for messages, one controller per sweep. */
export type CliStore = ResultsStore & WatchableStore & Partial<RemovableStore> & { readonly root: string; lock(sweepId: string): Promise<() => Promise<void>> };

export interface CliContext {
  store: CliStore;
  /** Set when a NATS server is named (--nats or NATS_URL): events and results go through JetStream. */
  nats?: { settings: NatsSettings; deadline?: string };
  stdout: NodeJS.WritableStream & { isTTY?: boolean };
  stderr: NodeJS.WritableStream;
  /** Where a command asks for confirmation (`rm`); absent or not a TTY: it cannot ask. */
  stdin?: NodeJS.ReadableStream & { isTTY?: boolean };
  /** The script a worker process runs (this CLI). */
  cliEntry: string;
  cores: number;
}

export function makeContext(storeDir: string): CliContext {
  return {
    // The store reports what it repaired (a torn log tail left by a killed process) on stderr.
    store: new FileStore(storeDir, { log: (line) => void process.stderr.write(`zapsweep: ${line}\n`) }),
    stdout: process.stdout,
    stderr: process.stderr,
    stdin: process.stdin,
    cliEntry: fileURLToPath(new URL('./main.js', import.meta.url)),
    cores: availableParallelism(),
  };
}

export function defaultStoreDir(): string {
  return process.env['ZAPSWEEP_HOME'] ?? '.zapsweep';
}
