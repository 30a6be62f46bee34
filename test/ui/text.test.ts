import { describe, expect, it } from 'vitest';
import { bar, ciBar, clock, fit, progressBar, signed, sparkline } from '../../src/ui/model/text.js';

describe('terminal text', () => {
  it.each([
    [0, 4, '    '],
    [1, 4, '████'],
    [0.5, 4, '██  '],
    [0.53, 4, '██▏ '],
    [2, 3, '███'],
    [Number.NaN, 3, '   '],
  ])('bar(%d, %d)', (f, w, want) => expect(bar(f, w)).toBe(want));

  it.each([
    [0.25, 8, '██░░░░░░'],
    [1, 3, '███'],
    [0, 2, '░░'],
  ])('progressBar(%d, %d)', (f, w, want) => expect(progressBar(f, w)).toBe(want));

  it.each([
    [[0.5, 0.3, 0.7, 0, 1, 11], '   ──●──   '],
    [[0.5, 0.5, 0.5, 0, 1, 5], '  ●  '],
    [[2, 1.5, 3, 0, 1, 5], '    ●'],
    [[0.5, 0.4, 0.6, 1, 1, 5], '  ●  '],
  ] as Array<[[number, number, number, number, number, number], string]>)('ciBar(%j)', (args, want) => expect(ciBar(...args)).toBe(want));

  it.each([
    [[1, 2, 3, 4, 5, 6, 7, 8], 8, '▁▂▃▄▅▆▇█'],
    [[3, 3, 3], 5, '▄▄▄'],
    [[], 5, ''],
    [[0, 0, 10, 10], 2, '▁█'],
    [[1, Number.NaN, 2], 4, '▁█'],
  ])('sparkline(%j, %d)', (values, w, want) => expect(sparkline(values, w)).toBe(want));

  it.each([
    ['abcdef', 4, false, 'abc…'],
    ['ab', 4, false, 'ab  '],
    ['ab', 4, true, '  ab'],
    ['ab', 0, false, ''],
  ] as const)('fit(%s, %d)', (s, w, right, want) => expect(fit(s, w, right)).toBe(want));

  it.each([
    [0, '00:00'],
    [61_000, '01:01'],
    [3_723_000, '1:02:03'],
    [null, '--:--'],
    [-5, '--:--'],
  ])('clock(%s)', (ms, want) => expect(clock(ms)).toBe(want));

  it.each([
    [0.0123, '+0.012'],
    [-0.004, '-0.004'],
    [-0.0001, '+0.000'],
    [undefined, '-'],
  ])('signed(%s)', (x, want) => expect(signed(x)).toBe(want));
});
