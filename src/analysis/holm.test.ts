import { describe, expect, it } from 'vitest';
import { holmAdjust, holmReject } from './holm.js';

describe('holmAdjust', () => {
  it.each([
    { name: 'empty', p: [], want: [] },
    { name: 'single test is unadjusted', p: [0.03], want: [0.03] },
    // sorted 0.005, 0.01, 0.03, 0.04 -> ×4, ×3, ×2, ×1 = 0.02, 0.03, 0.06, 0.04 -> running max 0.02, 0.03, 0.06, 0.06
    { name: 'hand-computed, monotone step', p: [0.01, 0.04, 0.03, 0.005], want: [0.03, 0.06, 0.06, 0.02] },
    // R: p.adjust(c(0.01, 0.02, 0.03, 0.04, 0.05), "holm") = 0.05 0.08 0.09 0.09 0.09
    { name: 'R example', p: [0.01, 0.02, 0.03, 0.04, 0.05], want: [0.05, 0.08, 0.09, 0.09, 0.09] },
    { name: 'capped at 1', p: [0.4, 0.6, 0.9], want: [1, 1, 1] },
    { name: 'ties', p: [0.02, 0.02], want: [0.04, 0.04] },
    { name: 'NaN stays NaN and is not counted', p: [0.01, Number.NaN, 0.04], want: [0.02, Number.NaN, 0.04] },
  ])('$name', ({ p, want }) => {
    const got = holmAdjust(p);
    expect(got).toHaveLength(want.length);
    got.forEach((g, i) => {
      const w = want[i] ?? Number.NaN;
      if (Number.isNaN(w)) expect(g).toBeNaN();
      else expect(g).toBeCloseTo(w, 12);
    });
  });
});

describe('holmReject', () => {
  // Wikipedia's example: four tests at α = 0.05 with p = 0.01, 0.04, 0.03, 0.005:
  // 0.005 ≤ 0.05/4 and 0.01 ≤ 0.05/3 are rejected; 0.03 > 0.05/2 stops the procedure.
  it.each([
    { p: [0.01, 0.04, 0.03, 0.005], alpha: 0.05, want: [true, false, false, true] },
    { p: [0.01, 0.04, 0.03, 0.005], alpha: 0.1, want: [true, true, true, true] },
    { p: [0.2], alpha: 0.05, want: [false] },
  ])('$p at α = $alpha', ({ p, alpha, want }) => {
    expect(holmReject(p, alpha)).toEqual(want);
  });
});
