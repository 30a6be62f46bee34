/**
 * Picks and initialises the TensorFlow.js backend for this process. Call once per process, before
 * any training; returns the backend name in use.
 *
 * Order when not forced: tfjs-node-gpu, webgpu on a hardware adapter, tfjs-node (optional peers
 * and optional dependencies, imported only when resolvable), then wasm (with our training kernels),
 * then cpu. Each backend is an entry of `backendEntries`.
 * webgpu (src/trainer/webgpu/): probed in the default order only where a GPU device node exists
 * (/dev/nvidia*, /dev/dri/renderD*), so a CPU machine never loads Dawn; a software adapter
 * (lavapipe) is used only when forced (`--backend webgpu`). `backendDetails()` says which adapter.
 */
import { existsSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { registerTrainingKernels } from './kernels/register.js';
import { ZapsweepError } from '../errors.js';
import type { Experiment } from '../spec/schema.js';
import type { AdapterReport } from './webgpu/adapter.js';

export type BackendName = 'tensorflow' | 'webgpu' | 'wasm' | 'cpu';

export interface BackendEntry {
  /** The tfjs backend name this entry provides once loaded. */
  readonly backend: BackendName;
  /** A label for messages (the package it comes from). */
  readonly label: string;
  /** True when this entry can be tried in this process (e.g. its package resolves); `forced` when chosen by name. */
  available(forced: boolean): boolean;
  /** Imports and registers the backend; `tf.setBackend(backend)` follows. */
  load(forced: boolean): Promise<void | { adapter: AdapterReport }>;
}

/** What initialised, for the `started` event: the backend, its adapter (webgpu) and the time it took. */
export interface BackendDetails {
  readonly backend: string;
  readonly adapter?: AdapterReport;
  /** Loading and initialising the backend (webgpu: Dawn, adapter, device), milliseconds. */
  readonly initMs: number;
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

/** A GPU's device node: without one no hardware adapter can exist, and Dawn is not even loaded. */
function gpuDeviceNodeExists(): boolean {
  if (process.platform !== 'linux') return true;
  if (existsSync('/dev/nvidia0')) return true;
  try {
    return readdirSync('/dev/dri').some((n) => n.startsWith('renderD'));
  } catch {
    return false;
  }
}

const webgpuEntry: BackendEntry = {
  backend: 'webgpu',
  label: '@tensorflow/tfjs-backend-webgpu (Dawn)',
  available: (forced) => (forced || gpuDeviceNodeExists()) && resolvable('webgpu') && resolvable('@tensorflow/tfjs-backend-webgpu'),
  load: async (forced) => {
    const { loadWebgpu } = await import('./webgpu/dawn.js');
    const loaded = await loadWebgpu({ allowSoftware: forced });
    return { adapter: loaded.adapter };
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
  webgpuEntry,
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
let details: BackendDetails | undefined;

export async function initBackend(preferred?: BackendName): Promise<string> {
  if (current !== undefined && currentPreferred === preferred) return current;
  currentPreferred = preferred;
  current = select(preferred);
  return current;
}

async function select(preferred: BackendName | undefined): Promise<string> {
  const candidates = backendEntries.filter((e) => preferred === undefined || e.backend === preferred);
  const forced = preferred !== undefined;
  const failures: string[] = [];
  for (const entry of candidates) {
    if (!entry.available(forced)) {
      failures.push(`${entry.label}: not installed`);
      continue;
    }
    try {
      const t0 = performance.now();
      const loaded = await entry.load(forced);
      if (await tf.setBackend(entry.backend)) {
        await tf.ready();
        silenceNodeBanner();
        const backend = tf.getBackend();
        details = { backend, ...(loaded ? { adapter: loaded.adapter } : {}), initMs: performance.now() - t0 };
        return backend;
      }
      failures.push(`${entry.label}: setBackend returned false`);
    } catch (err) {
      failures.push(`${entry.label}: ${err instanceof Error ? err.message : String(err)}`);
    }
  }
  throw new BackendInitError(`no TensorFlow.js backend could be initialised (${failures.join('; ')})`);
}

/** What the last successful initBackend initialised; undefined before. */
export function backendDetails(): BackendDetails | undefined {
  return details;
}

/** What a worker's `started` event says about the backend (spread it into the event). */
export interface StartedBackend {
  readonly backend: string;
  readonly adapter?: AdapterReport;
  readonly warmup: { readonly initMs: number; readonly compileMs?: number };
}

/**
 * initBackend, then, on webgpu, a warm-up of this trial's shapes (webgpu/warmup.ts) so shader
 * compilation is reported apart from training: the worker emits `started` after this.
 */
export async function startBackend(preferred: BackendName | undefined, experiment: Experiment): Promise<StartedBackend> {
  const backend = await initBackend(preferred);
  const d = backendDetails();
  const initMs = d?.initMs ?? 0;
  if (backend !== 'webgpu') return { backend, warmup: { initMs } };
  const { warmUpTrial } = await import('./webgpu/warmup.js');
  const compileMs = await warmUpTrial(experiment);
  return { backend, ...(d?.adapter ? { adapter: d.adapter } : {}), warmup: { initMs, compileMs } };
}

/** The backend chosen by an earlier initBackend call, or the default order if there was none. */
export function ensureBackend(): Promise<string> {
  return current ?? initBackend();
}
