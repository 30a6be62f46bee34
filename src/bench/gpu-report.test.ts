import { describe, expect, it } from 'vitest';
import { markdownTable, type GpuFigure } from './gpu-report.js';

const fig = (over: Partial<GpuFigure>): GpuFigure => ({ type: 'figure', runtime: 'tfjs', backend: 'webgpu', device: 'nvidia hopper (NVIDIA H200)', model: 'omniglot', batch: 16, warmupMs: 900, steps: 20, msPerStep: 10, stepsPerSecond: 100, imagesPerSecond: 1600, ...over });

describe('markdownTable', () => {
  it('puts the PyTorch figure of the same model and batch beside each tfjs figure, as a ratio', () => {
    const table = markdownTable([fig({}), fig({ runtime: 'pytorch', backend: 'torch-cuda', device: 'NVIDIA H200', imagesPerSecond: 3200 })], []);
    const lines = table.split('\n');
    expect(lines).toHaveLength(4);
    expect(lines[2]).toBe('| webgpu | nvidia hopper (NVIDIA H200) | omniglot | 16 | 900 | 100 | 1600 | 3200 (torch-cuda) | 0.50 |');
    expect(lines[3]).toContain('| torch-cuda | NVIDIA H200 | omniglot | 16 |');
  });
  it('labels a software adapter once, and lists skipped runs with their reason', () => {
    const table = markdownTable([fig({ device: 'mesa software (llvmpipe), software adapter', isSoftware: true }), fig({ device: 'llvmpipe', isSoftware: true })], [{ type: 'skipped', backend: 'tensorflow', reason: 'not installed' }]);
    expect(table).toContain('| mesa software (llvmpipe), software adapter |');
    expect(table).toContain('| llvmpipe, software adapter |');
    expect(table).toContain('| tensorflow | skipped | all | all | not installed |');
  });
});
