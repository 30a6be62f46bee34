/**
 * The backends the GPU bench finds in this process: webgpu (Dawn, with its adapter, software ones
 * included and labelled), tensorflow (tfjs-node-gpu or tfjs-node when installed: never bundled,
 * so absent from the kit), wasm (with our training kernels). Each loads on demand.
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs';
import { registerTrainingKernels } from '../trainer/kernels/register.js';
import { adapterLine, type AdapterReport } from '../trainer/webgpu/adapter.js';
import { loadWebgpu } from '../trainer/webgpu/dawn.js';

export type BenchBackendName = 'webgpu' | 'tensorflow' | 'wasm';

export interface FoundBackend {
  readonly name: BenchBackendName;
  /** What it runs on: the adapter line (webgpu), the package (tensorflow), "CPU, 1 thread" (wasm). */
  readonly device: string;
  readonly adapter?: AdapterReport;
  /** False for a software adapter and for the CPU backends. */
  readonly hardware: boolean;
  readonly initMs: number;
}

const here = path.dirname(fileURLToPath(import.meta.url));

/** The wasm binaries: beside the bundle (the kit), else the installed package's dist folder. */
function wasmDir(): string {
  const env = process.env['ZAPSWEEP_WASM_DIR'];
  if (env !== undefined && env !== '') return env.endsWith(path.sep) ? env : env + path.sep;
  if (existsSync(path.join(here, 'tfjs-backend-wasm.wasm'))) return here + path.sep;
  return path.dirname(createRequire(import.meta.url).resolve('@tensorflow/tfjs-backend-wasm')) + path.sep;
}

async function importByName(specifier: string): Promise<unknown> {
  const name: string = specifier;
  return import(name);
}

async function tryWebgpu(): Promise<FoundBackend> {
  const t0 = performance.now();
  // Literal specifiers: a bundler inlines both packages (dawn.node itself stays a file).
  const { adapter } = await loadWebgpu({ allowSoftware: true, modules: { dawn: () => import('webgpu'), backend: () => import('@tensorflow/tfjs-backend-webgpu') } });
  if (!(await tf.setBackend('webgpu'))) throw new Error('setBackend(webgpu) returned false');
  await tf.ready();
  return { name: 'webgpu', device: adapterLine(adapter), adapter, hardware: !adapter.isSoftware, initMs: performance.now() - t0 };
}

async function tryTensorflow(): Promise<FoundBackend> {
  const t0 = performance.now();
  const failures: string[] = [];
  for (const pkg of ['@tensorflow/tfjs-node-gpu', '@tensorflow/tfjs-node']) {
    try {
      await importByName(pkg);
      if (await tf.setBackend('tensorflow')) {
        await tf.ready();
        return { name: 'tensorflow', device: pkg, hardware: pkg.endsWith('-gpu'), initMs: performance.now() - t0 };
      }
    } catch (err) {
      const code = (err as { code?: string }).code;
      failures.push(`${pkg}: ${code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND' ? 'not installed' : err instanceof Error ? err.message.split('\n')[0] : String(err)}`);
    }
  }
  throw new Error(failures.join('; '));
}

async function tryWasm(): Promise<FoundBackend> {
  const t0 = performance.now();
  const wasm = await import('@tensorflow/tfjs-backend-wasm');
  wasm.setWasmPaths(wasmDir());
  registerTrainingKernels('wasm');
  if (!(await tf.setBackend('wasm'))) throw new Error('setBackend(wasm) returned false');
  await tf.ready();
  return { name: 'wasm', device: 'CPU, 1 thread (wasm SIMD)', hardware: false, initMs: performance.now() - t0 };
}

const loaders: Record<BenchBackendName, () => Promise<FoundBackend>> = { webgpu: tryWebgpu, tensorflow: tryTensorflow, wasm: tryWasm };

/** Makes `name` the current tfjs backend; a message instead when it cannot be had here. */
export async function useBackend(name: BenchBackendName): Promise<FoundBackend | { name: BenchBackendName; missing: string }> {
  try {
    return await loaders[name]();
  } catch (err) {
    return { name, missing: err instanceof Error ? err.message : String(err) };
  }
}
