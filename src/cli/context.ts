/** What every command needs from the outside world; built once in main.ts. */
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { FileStore } from '../store/file-store.js';

export interface CliContext {
  store: FileStore;
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
