/** The live view's detail pane names the backend of a configuration's seeds, and its adapter. */
import { describe, expect, it } from 'vitest';
import { detailLines } from '../../src/ui/lines/detail-lines.js';
import { backendText, type DetailView } from '../../src/ui/model/detail.js';

describe('backendText', () => {
  it.each([
    ['wasm', undefined, 'wasm'],
    ['webgpu', { vendor: 'nvidia', architecture: 'hopper', description: 'NVIDIA H200', isSoftware: false }, 'webgpu on nvidia hopper (NVIDIA H200)'],
    ['webgpu', { vendor: 'mesa', architecture: 'software', description: 'llvmpipe', isSoftware: true }, 'webgpu on mesa software (llvmpipe), software adapter'],
    ['webgpu', { vendor: '', architecture: '', description: '', isSoftware: false }, 'webgpu on unknown adapter'],
  ])('%s %o', (backend, adapter, text) => {
    expect(backendText(backend, adapter)).toBe(text);
  });
});

describe('detail pane', () => {
  const view = (backends: string[]): DetailView => ({ configId: 'c1', rank: 1, pareto: true, parameters: {}, metrics: [], curves: [], zaps: { count: 0, summary: [] }, seeds: [], backends });
  const text = (d: DetailView): string[] => detailLines(d, 100, 20).map((l) => l.map((s) => s.text).join(''));
  it('shows one backend line when the seeds reported one', () => {
    expect(text(view(['webgpu on nvidia hopper (NVIDIA H200)']))).toContain('backend webgpu on nvidia hopper (NVIDIA H200)');
    expect(text(view([])).some((l) => l.startsWith('backend'))).toBe(false);
  });
});
