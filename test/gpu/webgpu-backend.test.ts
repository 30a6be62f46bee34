/**
 * The webgpu backend's selection rules: it reports its adapter, a software adapter is never
 * picked automatically (only when forced), and wasm starts without loading Dawn.
 */
import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { backendDetails } from '../../src/trainer/backend.js';
import type { AdapterReport } from '../../src/trainer/webgpu/adapter.js';
import { loadWebgpu } from '../../src/trainer/webgpu/dawn.js';
import { requireWebgpu } from './support/webgpu.js';

describe('webgpu backend selection', () => {
  let adapter: AdapterReport;
  beforeAll(async () => {
    adapter = await requireWebgpu();
  });

  it('reports the adapter it trains on, and how long starting it took', () => {
    const d = backendDetails();
    expect(d?.backend).toBe('webgpu');
    expect(d?.adapter).toEqual(adapter);
    expect(typeof adapter.vendor).toBe('string');
    expect(typeof adapter.isSoftware).toBe('boolean');
    expect(d?.initMs).toBeGreaterThan(0);
  });

  it('refuses a software adapter unless forced; accepts a hardware one', async () => {
    const probe = loadWebgpu({ allowSoftware: false });
    if (adapter.isSoftware) await expect(probe).rejects.toThrow(/software WebGPU adapter.*never picked automatically.*--backend webgpu/);
    else await expect(probe).resolves.toMatchObject({ adapter: { isSoftware: false } });
  });

  it('a process that forces wasm never loads Dawn (built code, dist/)', () => {
    const script = [
      `const { initBackend } = await import(${JSON.stringify(pathToFileURL(resolve(import.meta.dirname, '../../dist/trainer/backend.js')).href)});`,
      "await initBackend('wasm');",
      "const loaded = Object.keys((await import('node:module')).createRequire(import.meta.url).cache).some((k) => k.includes('dawn.node') || k.includes('tfjs-backend-webgpu'));",
      'console.log(JSON.stringify({ loaded, navigator: typeof globalThis.navigator?.gpu }));',
    ].join('\n');
    const r = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' });
    expect(r.stderr).toBe('');
    expect(JSON.parse(r.stdout.trim())).toEqual({ loaded: false, navigator: 'undefined' });
  });
});

describe('startBackend on webgpu', () => {
  it('reports backend, adapter and a warm-up apart from training, spreadable into `started`', async () => {
    const { startBackend } = await import('../../src/trainer/backend.js');
    const { startedEvent } = await import('../../src/transport/events.js');
    const { tinyExperiment } = await import('../../src/trainer/test-support.js');
    const tf = await import('@tensorflow/tfjs');
    const before = tf.memory().numTensors;
    const started = await startBackend('webgpu', tinyExperiment({ model: { norm: 'instance', padding: 'valid' } }));
    expect(tf.memory().numTensors).toBe(before);
    expect(started.backend).toBe('webgpu');
    expect(started.adapter).toEqual(backendDetails()?.adapter);
    expect(started.warmup.compileMs).toBeGreaterThan(0);
    const event = { sweepId: 's', trialId: 't', attempt: 0, seq: 0, time: 0, type: 'started', index: 0, host: 'h', parameters: {}, ...started };
    expect(startedEvent.parse(event)).toMatchObject({ adapter: started.adapter, warmup: started.warmup });
  });
});
