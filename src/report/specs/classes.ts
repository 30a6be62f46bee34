/**
 * Figure: accuracy against the number of classes learned (sequential transfer), one line per
 * configuration with a 95% CI band. Pure. Only drawn when trials report the curve.
 */
import type { TopLevelSpec } from 'vega-lite';
import { CONFIG, PLOT, SCHEMA } from './common.js';

export interface ClassesPoint {
  config: string;
  classes: number;
  mean: number;
  lo: number;
  hi: number;
}

export function classesSpec(points: readonly ClassesPoint[], title: string): TopLevelSpec {
  const x = { field: 'classes', type: 'quantitative' as const, title: 'classes learned', axis: { tickMinStep: 1, format: 'd' } };
  const color = { field: 'config', type: 'nominal' as const, title: 'configuration' };
  return {
    $schema: SCHEMA,
    title,
    ...PLOT,
    config: CONFIG,
    data: { values: points.map((p) => ({ ...p })) },
    layer: [
      { mark: { type: 'line', point: true }, encoding: { x, y: { field: 'mean', type: 'quantitative', title: 'test accuracy', scale: { domain: [0, 1] } }, color } },
      { mark: { type: 'area', opacity: 0.2 }, encoding: { x, y: { field: 'lo', type: 'quantitative' }, y2: { field: 'hi' }, color } },
    ],
  };
}
