/**
 * Helpers for kernels composed from other kernels of the same backend. Contract: every
 * intermediate a composite kernel creates is released with `release` before it returns; only the
 * returned TensorInfo survives (the engine takes ownership of it).
 */
import { getKernel, type KernelBackend, type NamedAttrMap, type TensorInfo } from '@tensorflow/tfjs';
import { ZapsweepError } from '../../errors.js';

export type Attrs = NamedAttrMap;

export class MissingKernelError extends ZapsweepError {
  override readonly name = 'MissingKernelError';
  constructor(kernelName: string, backendName: string) {
    super(`kernel ${kernelName} is not registered for backend ${backendName}`);
  }
}

/** Runs `kernelName` of `backendName` directly on `backend` (no engine bookkeeping, no tape). */
export function callKernel(
  backendName: string,
  kernelName: string,
  backend: KernelBackend,
  inputs: Record<string, TensorInfo>,
  attrs: Attrs,
): TensorInfo {
  const kernel = getKernel(kernelName, backendName);
  if (kernel === undefined) throw new MissingKernelError(kernelName, backendName);
  const out = kernel.kernelFunc({ inputs, attrs, backend });
  if (Array.isArray(out)) {
    const first = out[0];
    if (first === undefined || out.length !== 1) throw new ZapsweepError(`kernel ${kernelName} returned ${out.length} outputs, expected 1`);
    return first;
  }
  return out;
}

/** Frees intermediates made by `callKernel`. */
export function release(backend: KernelBackend, ...infos: TensorInfo[]): void {
  for (const info of infos) backend.disposeData(info.dataId);
}

export type Pair = [number, number];

export function pair(v: number | readonly number[]): Pair {
  if (typeof v === 'number') return [v, v];
  const [a, b] = v;
  if (a === undefined) throw new ZapsweepError('expected one or two numbers');
  return [a, b ?? a];
}
