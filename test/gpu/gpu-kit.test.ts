/**
 * The GPU kit end to end, here on lavapipe: build a fast kit (xz -0, no .debs: this machine has
 * the Vulkan loader) outside the repository, run its run.sh on one model and batch, and read what
 * it wrote to $OUT. This is how the bundle (TensorFlow.js, its webgpu and wasm backends, the
 * webgpu loader, dawn.node beside it) is known to work without node_modules. About 40 s.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { requireWebgpu } from './support/webgpu.js';

const root = resolve(import.meta.dirname, '../..');
const dir = mkdtempSync(join(tmpdir(), 'zapsweep-kit-test-'));

describe('gpu-kit', () => {
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('builds, and its run.sh trains on webgpu and wasm from a temporary folder, writing $OUT', async () => {
    await requireWebgpu();
    const kit = join(dir, 'kit');
    const build = spawnSync('bash', [join(root, 'src/bench/gpu-kit/build.sh'), kit], { cwd: root, encoding: 'utf8', env: { ...process.env, XZ_LEVEL: '0', GPU_KIT_DEBS: 'none' }, timeout: 300_000 });
    expect(build.stderr + build.stdout).toMatch(/gpu-kit: .*kit, \d+ MiB/);
    expect(build.status).toBe(0);
    expect(readdirSync(kit).sort()).toEqual(['MANIFEST', 'bench', 'dawn.node.xz', 'debs', 'node.xz', 'run.sh']);

    const out = join(dir, 'out');
    const work = join(dir, 'tmp');
    spawnSync('mkdir', ['-p', work]);
    const run = spawnSync(join(kit, 'run.sh'), ['--backends', 'webgpu,wasm', '--no-torch', '--only', 'reference:1'], { cwd: dir, encoding: 'utf8', env: { ...process.env, OUT: out, TMPDIR: work }, timeout: 300_000 });
    expect(run.status, run.stderr).toBe(0);
    const records = readFileSync(join(out, 'gpu-bench.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    const webgpu = records.find((r) => r['type'] === 'backend' && r['name'] === 'webgpu') as { adapter?: { isSoftware: boolean; vendor: string } } | undefined;
    expect(webgpu?.adapter?.vendor).toEqual(expect.any(String));
    const figures = records.filter((r) => r['type'] === 'figure');
    expect(figures.map((f) => `${String(f['backend'])}:${String(f['model'])}:${String(f['batch'])}`)).toEqual(['webgpu:reference:1', 'wasm:reference:1']);
    for (const f of figures) {
      expect(f['steps']).toBeGreaterThanOrEqual(1);
      expect(f['imagesPerSecond']).toBeGreaterThan(0);
      expect(f['warmupMs']).toBeGreaterThan(0);
    }
    expect(figures[0]?.['isSoftware']).toBe(webgpu?.adapter?.isSoftware);
    expect(readFileSync(join(out, 'gpu-bench.md'), 'utf8')).toMatch(/^\| backend \| device \| model \| batch \| warm-up \(ms\) \|/);
    // run.sh cleaned up its temporary folder.
    expect(readdirSync(work)).toEqual([]);
  });
});
