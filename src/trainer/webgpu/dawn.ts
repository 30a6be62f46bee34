/**
 * TensorFlow.js's WebGPU backend in Node: Dawn from the npm package `webgpu` (a prebuilt
 * `dawn.node`, Vulkan underneath), with the adapter chosen and inspected by us before the backend
 * is registered on its device, so what `started` reports is what trains.
 *
 * Contract: imported only when the webgpu backend is chosen or probed (backend.ts imports this
 * module dynamically); both packages are optional dependencies and loaded by name, never bundled
 * into the start-up path of another backend. Failures say what is missing and how to install it.
 * Hazard: Dawn keeps native handles open; a worker exits with process.exit after reporting.
 */
import * as tf from '@tensorflow/tfjs';
import { ZapsweepError } from '../../errors.js';
import { adapterReport, adapterLine, type AdapterReport, type RawAdapterInfo } from './adapter.js';

export class WebgpuUnavailableError extends ZapsweepError {
  override readonly name = 'WebgpuUnavailableError';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, { cause: options?.cause, retryable: false });
  }
}

export interface WebgpuOptions {
  /** Accept a software adapter (lavapipe). False when probing for the default order. */
  readonly allowSoftware: boolean;
  /**
   * How to import the two packages; default: by name at run time (never bundled). A bundle
   * (the GPU kit's bench) passes `() => import('webgpu')` etc. so its bundler inlines them.
   */
  readonly modules?: { readonly dawn: () => Promise<unknown>; readonly backend: () => Promise<unknown> };
}

export interface WebgpuLoaded {
  readonly adapter: AdapterReport;
  /** Dawn instance, adapter and device creation, in milliseconds (shaders compile later, per program). */
  readonly initMs: number;
}

/** The parts of the WebGPU API this module touches (the `webgpu` package's types need @webgpu/types). */
interface GpuAdapterLike {
  readonly info?: RawAdapterInfo;
  readonly features: ReadonlySet<string>;
  readonly limits: Record<string, number>;
  requestDevice(descriptor: { requiredFeatures: string[]; requiredLimits: Record<string, number> }): Promise<unknown>;
}
interface GpuLike {
  requestAdapter(options: { powerPreference: 'high-performance' | 'low-power' }): Promise<GpuAdapterLike | null>;
}
export interface DawnModule {
  create(flags: string[]): GpuLike;
  globals: object;
}
export interface WebgpuBackendModule {
  WebGPUBackend: new (device: unknown, adapterInfo: unknown) => tf.KernelBackend;
}

export const INSTALL_HINT =
  'WebGPU in Node needs the optional packages `webgpu` and `@tensorflow/tfjs-backend-webgpu` (npm ci installs them on linux-x64 with glibc >= 2.34), the Vulkan loader (apt-get install libvulkan1) and a Vulkan driver: on an NVIDIA GPU the driver\'s Vulkan ICD (in containers NVIDIA_DRIVER_CAPABILITIES must include graphics), on a CPU Mesa\'s lavapipe 25.x (Debian 12: add bookworm-backports, then apt-get install -t bookworm-backports mesa-vulkan-drivers; Debian\'s own 22.3 is rejected by Dawn)';

/** Extra Dawn flags, e.g. ZAPSWEEP_DAWN_FLAGS="backend=vulkan adapter=NVIDIA" (space separated). */
function dawnFlags(): string[] {
  return (process.env['ZAPSWEEP_DAWN_FLAGS'] ?? '').split(/\s+/).filter((f) => f !== '');
}

function importByName(specifier: string): Promise<unknown> {
  const name: string = specifier;
  return import(name);
}

function message(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** navigator.gpu for the backend: Node 20 has no navigator; Node 21+ has one without gpu. */
function installNavigatorGpu(gpu: GpuLike): void {
  const g = globalThis as { navigator?: object };
  if (g.navigator === undefined) {
    Object.defineProperty(globalThis, 'navigator', { value: { gpu }, configurable: true, writable: true });
  } else {
    Object.defineProperty(g.navigator, 'gpu', { value: gpu, configurable: true, writable: true });
  }
}

let loaded: Promise<WebgpuLoaded> | undefined;

/** Registers the `webgpu` tfjs backend on the best adapter Dawn offers; once per process. */
export function loadWebgpu(o: WebgpuOptions): Promise<WebgpuLoaded> {
  const attempt = (loaded ??= load(o.modules));
  return attempt.then((l) => {
    if (l.adapter.isSoftware && !o.allowSoftware) {
      throw new WebgpuUnavailableError(
        `only a software WebGPU adapter was found (${adapterLine(l.adapter)}); it is never picked automatically: force it with --backend webgpu, or use wasm`,
      );
    }
    return l;
  });
}

async function load(modules: WebgpuOptions['modules']): Promise<WebgpuLoaded> {
  const t0 = performance.now();
  // 1. Dawn.
  let dawn: DawnModule;
  try {
    dawn = (await (modules?.dawn() ?? importByName('webgpu'))) as DawnModule;
  } catch (err) {
    throw new WebgpuUnavailableError(`could not load Dawn (npm package webgpu): ${message(err)}. ${INSTALL_HINT}`, { cause: err });
  }
  Object.assign(globalThis, dawn.globals);
  const gpu = dawn.create(dawnFlags());
  installNavigatorGpu(gpu);
  // 2. The adapter, inspected before anything runs on it.
  const adapter = await gpu.requestAdapter({ powerPreference: 'high-performance' });
  if (adapter === null) {
    throw new WebgpuUnavailableError(`Dawn found no WebGPU adapter (no usable Vulkan driver). ${INSTALL_HINT}`);
  }
  const info: RawAdapterInfo = adapter.info ?? {};
  // 3. A device with the limits the stock tfjs registration asks for.
  const limitNames = ['maxComputeWorkgroupStorageSize', 'maxComputeWorkgroupsPerDimension', 'maxStorageBufferBindingSize', 'maxBufferSize', 'maxComputeWorkgroupSizeX', 'maxComputeInvocationsPerWorkgroup'];
  const requiredLimits = Object.fromEntries(limitNames.flatMap((n) => (typeof adapter.limits[n] === 'number' ? [[n, adapter.limits[n]]] : [])));
  const requiredFeatures = ['timestamp-query'].filter((f) => adapter.features.has(f));
  const device = await adapter.requestDevice({ requiredFeatures, requiredLimits });
  // 4. The tfjs backend on that device (replacing the registration its import makes).
  let mod: WebgpuBackendModule;
  try {
    mod = (await (modules?.backend() ?? importByName('@tensorflow/tfjs-backend-webgpu'))) as WebgpuBackendModule;
  } catch (err) {
    throw new WebgpuUnavailableError(`could not load @tensorflow/tfjs-backend-webgpu: ${message(err)}. ${INSTALL_HINT}`, { cause: err });
  }
  if (tf.findBackendFactory('webgpu') !== null) tf.removeBackend('webgpu');
  tf.registerBackend('webgpu', () => new mod.WebGPUBackend(device, info), 3);
  return { adapter: adapterReport(info), initMs: performance.now() - t0 };
}
