import { describe, expect, it } from 'vitest';
import { adapterLine, adapterReport, isSoftwareAdapter, type RawAdapterInfo } from './adapter.js';

describe('isSoftwareAdapter', () => {
  const cases: Array<[string, RawAdapterInfo, boolean]> = [
    ['lavapipe as Dawn reports it', { vendor: 'mesa', architecture: 'software', device: 'llvmpipe-llvm-15-0-6-256-bits-', description: 'llvmpipe: Mesa 25.0.7-2~bpo12+1 (LLVM 15.0.6) 0.0.1', isFallbackAdapter: true }, true],
    ['fallback flag alone', { vendor: 'x', isFallbackAdapter: true }, true],
    ['SwiftShader by description', { vendor: 'google', architecture: '', description: 'SwiftShader Device (Subzero)' }, true],
    ['an NVIDIA GPU', { vendor: 'nvidia', architecture: 'hopper', description: 'NVIDIA H200', isFallbackAdapter: false }, false],
    ['an AMD GPU through Mesa (radv)', { vendor: 'amd', architecture: 'rdna-3', description: 'AMD Radeon RX 7900 XTX (RADV NAVI31)' }, false],
    ['nothing known', {}, false],
  ];
  it.each(cases)('%s', (_name, info, expected) => {
    expect(isSoftwareAdapter(info)).toBe(expected);
  });
});

describe('adapterReport / adapterLine', () => {
  it('says software adapter plainly', () => {
    const r = adapterReport({ vendor: 'mesa', architecture: 'software', description: 'llvmpipe: Mesa 25.0.7', isFallbackAdapter: true });
    expect(r).toEqual({ vendor: 'mesa', architecture: 'software', description: 'llvmpipe: Mesa 25.0.7', isSoftware: true });
    expect(adapterLine(r)).toBe('mesa software (llvmpipe: Mesa 25.0.7), software adapter');
  });
  it('falls back to the device name and to "unknown adapter"', () => {
    expect(adapterReport({ device: 'NVIDIA H200' }).description).toBe('NVIDIA H200');
    expect(adapterLine(adapterReport({}))).toBe('unknown adapter');
  });
});
