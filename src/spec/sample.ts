/**
 * Random search: `trials` configurations drawn from a PRNG seeded with `search.seed`, so every
 * process draws the same ones. Per configuration, axes are drawn in spec order.
 * - a list, or a `choice`: one of its values, uniformly;
 * - `uniform`: uniform in [min, max]; on an integer field, a uniform integer in [min, max];
 * - `log-uniform`: log-uniform in [min, max]; on an integer field, rounded.
 * Real values are rounded to 6 significant digits (readable ids and tables) and kept in bounds.
 */
import { uniformIntDistribution, xoroshiro128plus, type RandomGenerator } from 'pure-rand';
import type { ResolvedAxis } from './axes.js';
import type { SweptValue } from './schema.js';

/** One configuration: a value per axis, in axis order. */
export type Draw = SweptValue[];

export function sampleConfigurations(axes: readonly ResolvedAxis[], trials: number, seed: number): Draw[] {
  let rng: RandomGenerator = xoroshiro128plus(seed);
  const draws: Draw[] = [];
  const int = (from: number, to: number): number => {
    const [value, next] = uniformIntDistribution(from, to, rng);
    rng = next;
    return value;
  };
  // A double in [0, 1) from 53 random bits (26 + 27).
  const unit = (): number => (int(0, 2 ** 26 - 1) * 2 ** 27 + int(0, 2 ** 27 - 1)) / 2 ** 53;

  for (let t = 0; t < trials; t++) {
    draws.push(
      axes.map(({ axis, integer }): SweptValue => {
        if (Array.isArray(axis)) return axis[int(0, axis.length - 1)] as SweptValue;
        switch (axis.distribution) {
          case 'choice':
            return axis.values[int(0, axis.values.length - 1)] as SweptValue;
          case 'uniform':
            if (integer) return int(Math.ceil(axis.min), Math.floor(axis.max));
            return bounded(axis.min + unit() * (axis.max - axis.min), axis.min, axis.max);
          case 'log-uniform': {
            const x = Math.exp(Math.log(axis.min) + unit() * (Math.log(axis.max) - Math.log(axis.min)));
            if (integer) return Math.min(Math.floor(axis.max), Math.max(Math.ceil(axis.min), Math.round(x)));
            return bounded(x, axis.min, axis.max);
          }
        }
      }),
    );
  }
  return draws;
}

function bounded(x: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, Number(x.toPrecision(6))));
}
