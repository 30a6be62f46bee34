/**
 * Picks and initialises the TensorFlow.js backend for this process. Call once per process, before
 * any training; returns the backend name in use.
 *
 * Order when not forced: tfjs-node-gpu, tfjs-node (optional peers, imported only when resolvable),
 * then wasm (with our training kernels), then cpu. Each backend is an entry of `backendEntries`, so
 * another one (WebGPU) can slot in without touching the selection logic.
 */
import { createRequire } from 'node:module';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { registerTrainingKernels } from './kernels/register.js';
import { ZapsweepError } from '../errors.js';

export type BackendName = 'tensorflow' | 'wasm' | 'cpu';

export interface BackendEntry {
  /** The tfjs backend name this entry provides once loaded. */
  readonly backend: BackendName;
  /** A label for messages (the package it comes from). */
  readonly label: string;
  /** True when this entry can be tried in this process (e.g. its package resolves). */
  available(): boolean;
  /** Imports and registers the backend; `tf.setBackend(backend)` follows. */
  load(): Promise<void>;
}

export class BackendInitError extends ZapsweepError {
  override readonly name = 'BackendInitError';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, { cause: options?.cause, retryable: false });
  }
}

const require = createRequire(import.meta.url);

function resolvable(specifier: string): boolean {
  try {
    require.resolve(specifier);
    return true;
  } catch {
    return false;
  }
}

/** Imports a package that may be absent, without TypeScript needing its types. */
async function importOptional(specifier: string): Promise<unknown> {
  const name: string = specifier;
  return import(name);
}

function nativeEntry(pkg: string): BackendEntry {
  return {
    backend: 'tensorflow',
    label: pkg,
    available: () => resolvable(pkg),
    load: async () => {
      await importOptional(pkg);
    },
  };
}

/** The wasm binaries live in the package's dist folder; pin it so bundling cannot break lookup. */
function wasmDistFolder(): string {
  const main = require.resolve('@tensorflow/tfjs-backend-wasm');
  return path.dirname(main) + path.sep;
}

const wasmEntry: BackendEntry = {
  backend: 'wasm',
  label: '@tensorflow/tfjs-backend-wasm',
  available: () => resolvable('@tensorflow/tfjs-backend-wasm'),
  load: async () => {
    const wasm = await import('@tensorflow/tfjs-backend-wasm');
    wasm.setWasmPaths(wasmDistFolder());
    registerTrainingKernels('wasm');
  },
};

const cpuEntry: BackendEntry = {
  backend: 'cpu',
  label: '@tensorflow/tfjs (cpu)',
  available: () => true,
  load: async () => {},
};

export const backendEntries: readonly BackendEntry[] = [
  nativeEntry('@tensorflow/tfjs-node-gpu'),
  nativeEntry('@tensorflow/tfjs-node'),
  wasmEntry,
  cpuEntry,
];

/**
 * The cpu backend prints "Hi, looks like you are running TensorFlow.js in Node.js..." on its first
 * write in Node, guarded by its `firstUse` field; clear the field so worker output stays clean.
 */
export function silenceNodeBanner(): void {
  const cpu = tf.engine().findBackend('cpu') as { firstUse?: boolean } | null;
  if (cpu !== null && 'firstUse' in cpu) cpu.firstUse = false;
}

let current: Promise<string> | undefined;
let currentPreferred: BackendName | undefined;

export async function initBackend(preferred?: BackendName): Promise<string> {
  if (current !== undefined && currentPreferred === preferred) return current;
  currentPreferred = preferred;
  current = select(preferred);
  return current;
}

async function select(preferred: BackendName | undefined): Promise<string> {
  const candidates = backendEntries.filter((e) => preferred === undefined || e.backend === preferred);
  const failures: string[] = [];
  for (const entry of candidates) {
    if (!entry.available()) {
      failures.push(`${entry.label}: not installed`);
      continue;
    }
    try {
      await entry.load();
      if (await tf.setBackend(entry.backend)) {
        await tf.ready();
        silenceNodeBanner();
        return tf.getBackend();
      }
      failures.push(`${entry.label}: setBackend returned false`);
    } catch (err) {
      failures.push(`${entry.label}: ${err instanceof Error ? err.message : String(err)}`);
    }
  }
  throw new BackendInitError(`no TensorFlow.js backend could be initialised (${failures.join('; ')})`);
}

/** The backend chosen by an earlier initBackend call, or the default order if there was none. */
export function ensureBackend(): Promise<string> {
  return current ?? initBackend();
}
