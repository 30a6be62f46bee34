import { describe, expect, it } from 'vitest';
import { createRng, normalArray, permutation } from './random.js';

describe('seeded streams', () => {
  it('same seed and stream give the same numbers; other streams or seeds differ', () => {
    const draw = (seed: number, stream: string): number[] => {
      const r = createRng(seed, stream);
      return Array.from({ length: 5 }, () => r.next());
    };
    const a = draw(7, 'x');
    expect(draw(7, 'x')).toEqual(a);
    expect(draw(7, 'y')).not.toEqual(a);
    expect(draw(8, 'x')).not.toEqual(a);
  });

  it('permutation is a permutation', () => {
    const p = Array.from(permutation(createRng(1, 'p'), 100)).sort((a, b) => a - b);
    expect(p).toEqual(Array.from({ length: 100 }, (_, i) => i));
  });

  it('normals have about the right mean and spread', () => {
    const v = normalArray(createRng(3, 'n'), 20000, 2);
    const mean = v.reduce((a, b) => a + b, 0) / v.length;
    const sd = Math.sqrt(v.reduce((a, b) => a + (b - mean) ** 2, 0) / v.length);
    expect(Math.abs(mean)).toBeLessThan(0.05);
    expect(sd).toBeGreaterThan(1.95);
    expect(sd).toBeLessThan(2.05);
  });
});
