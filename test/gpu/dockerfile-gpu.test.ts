/**
 * deploy/Dockerfile.gpu's two targets, read as text (no Docker engine here): the default (last)
 * stage is the WebGPU one, with the Vulkan loader and the capabilities that make the NVIDIA
 * container toolkit mount the Vulkan ICD; tfjs-node-gpu stays as the alternative target.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const text = readFileSync(join(import.meta.dirname, '../../deploy/Dockerfile.gpu'), 'utf8');
const stages = text.split(/^FROM /m).slice(1).map((s) => ({ head: s.split('\n')[0] ?? '', body: s }));

describe('deploy/Dockerfile.gpu', () => {
  it('builds the webgpu target by default (the last stage)', () => {
    expect(stages.at(-1)?.head).toMatch(/^node:20-bookworm-slim AS webgpu$/);
  });
  it('webgpu: Vulkan loader and GL dispatch, graphics capability, the optional packages, no forced backend', () => {
    const webgpu = stages.at(-1)?.body ?? '';
    expect(webgpu).toMatch(/apt-get install[^\n]*\blibvulkan1\b[^\n]*\blibglvnd0\b/);
    expect(webgpu).toMatch(/NVIDIA_DRIVER_CAPABILITIES=[^\s]*\bgraphics\b/);
    expect(webgpu).toMatch(/NVIDIA_DRIVER_CAPABILITIES=[^\s]*\bcompute\b/);
    expect(webgpu).toMatch(/npm ci --omit=dev --ignore-scripts(?! --omit=optional)/);
    expect(webgpu).toContain('node_modules/webgpu/dist/linux-x64/dawn.node');
    expect(webgpu).not.toMatch(/^ENV[^\n]*ZAPSWEEP_BACKEND/m);
  });
  it('keeps tfjs-node-gpu on CUDA as a named target', () => {
    const cuda = stages.find((s) => s.head.endsWith('AS tfjs-node-gpu'));
    expect(cuda?.head).toMatch(/^nvidia\/cuda:11\.2\.2-cudnn8-runtime/);
    expect(cuda?.body).toContain('@tensorflow/tfjs-node-gpu@4.22.0');
    expect(cuda?.body).toContain('ZAPSWEEP_BACKEND=tensorflow');
  });
});
