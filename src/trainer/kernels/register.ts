/**
 * Registers the training kernels a backend lacks (or has only slow versions of).
 * Call BEFORE the backend is initialised (tf.setBackend), so that setupFuncs run; calling it again
 * is a no-op.
 */
import { getKernel, registerKernel, unregisterKernel } from '@tensorflow/tfjs';
import { conv2dBackpropFilterConfig } from './conv2d-backprop-filter.js';
import { conv2dBackpropInputConfig } from './conv2d-backprop-input.js';
import { maxPoolGradConfig } from './max-pool-grad.js';

const patched = new Set<string>();

export function registerTrainingKernels(backendName: string): void {
  if (patched.has(backendName)) return;
  patched.add(backendName);
  // 1. The filter gradient, only where missing.
  if (getKernel('Conv2DBackpropFilter', backendName) === undefined) {
    registerKernel(conv2dBackpropFilterConfig(backendName));
  }
  // 2. The stride-1 input gradient, wrapping (and falling back to) the original.
  const original = getKernel('Conv2DBackpropInput', backendName);
  if (original !== undefined) {
    unregisterKernel('Conv2DBackpropInput', backendName);
    registerKernel(conv2dBackpropInputConfig(original));
  }
  // 3. Non-overlapping max-pool gradient (the step's largest cost on wasm), wrapping the original.
  const pool = getKernel('MaxPoolGrad', backendName);
  if (pool !== undefined) {
    unregisterKernel('MaxPoolGrad', backendName);
    registerKernel(maxPoolGradConfig(pool));
  }
}
