/**
 * The webgpu backend for a test suite: Dawn (npm `webgpu`) on whatever Vulkan driver this machine
 * has (lavapipe in CI). Fails the suite with an install hint when Dawn or the driver is missing:
 * these tests never pass silently on a machine that cannot run them.
 */
import { backendDetails, initBackend } from '../../../src/trainer/backend.js';
import type { AdapterReport } from '../../../src/trainer/webgpu/adapter.js';

/** What .ci/run does on Debian 12 (lavapipe 25.x; Debian's own Mesa 22.3 is rejected by Dawn). */
export const VULKAN_INSTALL =
  'add the bookworm-backports suite of your Debian mirror to apt\'s sources (as .ci/run does), then: apt-get update && apt-get install -y -t bookworm-backports mesa-vulkan-drivers libvulkan1';

export async function requireWebgpu(): Promise<AdapterReport> {
  try {
    await initBackend('webgpu');
  } catch (err) {
    const why = err instanceof Error ? err.message : String(err);
    throw new Error(`the webgpu tests could not start the webgpu backend: ${why}. On Debian 12, as .ci/run does: ${VULKAN_INSTALL}`);
  }
  const adapter = backendDetails()?.adapter;
  if (adapter === undefined) throw new Error('the webgpu backend started without reporting its adapter');
  return adapter;
}

/** Largest absolute difference, pairwise; arrays of different lengths are infinitely apart. */
export function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) return Infinity;
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs((a[i] as number) - (b[i] as number)));
  return m;
}
