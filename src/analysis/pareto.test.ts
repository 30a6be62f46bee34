import { describe, expect, it } from 'vitest';
import { dominates, paretoRanks } from './pareto.js';

describe('dominates', () => {
  it.each([
    { a: [2, 2], b: [1, 1], want: true },
    { a: [2, 1], b: [1, 1], want: true },
    { a: [1, 2], b: [1, 1], want: true },
    { a: [1, 1], b: [1, 1], want: false },
    { a: [2, 0], b: [0, 2], want: false },
    { a: [0, 0], b: [1, 1], want: false },
    { a: [-0.1, 0.5], b: [-0.2, 0.5], want: true },
  ])('$a over $b: $want', ({ a, b, want }) => {
    expect(dominates(a, b)).toBe(want);
  });
});

describe('paretoRanks', () => {
  it.each([
    { name: 'empty', points: [], want: [] },
    { name: 'single point', points: [[0.5, 0.1]], want: [1] },
    { name: 'one dominated point', points: [[0.9, 0.3], [0.8, 0.2]], want: [1, 2] },
    { name: 'trade-off: both on the front', points: [[0.9, 0.1], [0.5, 0.4]], want: [1, 1] },
    { name: 'equal points share a rank', points: [[0.7, 0.2], [0.7, 0.2], [0.6, 0.1]], want: [1, 1, 2] },
    { name: 'tie in one objective: better other dominates', points: [[0.7, 0.2], [0.7, 0.3]], want: [2, 1] },
    {
      // front {a, b, c}; d is dominated only by b; e by d (and b); f by everyone but is on its own chain
      name: 'three layers',
      points: [
        [0.9, 0.1], // a
        [0.8, 0.5], // b
        [0.2, 0.9], // c
        [0.7, 0.4], // d
        [0.6, 0.3], // e
        [0.1, 0.05], // f: dominated by a, b, c, d, e
      ],
      want: [1, 1, 1, 2, 3, 4],
    },
    {
      name: 'staircase of dominated points behind a front',
      points: [[3, 1], [2, 2], [1, 3], [2, 1], [1, 2], [1, 1]],
      want: [1, 1, 1, 2, 2, 3],
    },
    { name: 'chain in reverse input order', points: [[1, 1], [2, 2], [3, 3]], want: [3, 2, 1] },
    { name: 'negative gains', points: [[0.5, -0.1], [0.5, -0.2], [0.4, 0]], want: [1, 2, 1] },
  ])('$name', ({ points, want }) => {
    expect(paretoRanks(points)).toEqual(want);
  });

  it('ranks do not depend on input order', () => {
    const points = [[3, 1], [2, 2], [1, 3], [2, 1], [1, 2], [1, 1], [2, 2]];
    const want = paretoRanks(points);
    const reversed = paretoRanks([...points].reverse()).reverse();
    expect(reversed).toEqual(want);
  });
});
