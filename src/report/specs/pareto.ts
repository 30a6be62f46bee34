/**
 * Figure: retained accuracy against new-task gain, one point per configuration with 95% CI error
 * bars on both axes, the Pareto front highlighted and labelled by rank. Pure.
 */
import type { TopLevelSpec } from 'vega-lite';
import { CONFIG, PLOT, SCHEMA } from './common.js';

export interface ParetoPoint {
  label: string;
  rank: number;
  front: 'Pareto front' | 'dominated';
  retained: number;
  retainedLo: number;
  retainedHi: number;
  gain: number;
  gainLo: number;
  gainHi: number;
}

export function paretoSpec(points: readonly ParetoPoint[], title: string): TopLevelSpec {
  const color = { field: 'front', type: 'nominal' as const, title: null, scale: { domain: ['Pareto front', 'dominated'], range: ['#d62728', '#7f7f7f'] } };
  const x = { field: 'gain', type: 'quantitative' as const, title: 'new-task gain', scale: { zero: false } };
  const y = { field: 'retained', type: 'quantitative' as const, title: 'retained old-task accuracy', scale: { zero: false } };
  return {
    $schema: SCHEMA,
    title,
    ...PLOT,
    config: CONFIG,
    data: { values: points.map((p) => ({ ...p })) },
    layer: [
      { mark: { type: 'errorbar', ticks: true }, encoding: { x: { field: 'gainLo', type: 'quantitative', title: 'new-task gain', scale: { zero: false } }, x2: { field: 'gainHi' }, y, color } },
      { mark: { type: 'errorbar', ticks: true }, encoding: { y: { field: 'retainedLo', type: 'quantitative', title: 'retained old-task accuracy', scale: { zero: false } }, y2: { field: 'retainedHi' }, x, color } },
      { mark: { type: 'point', filled: true, size: 60 }, encoding: { x, y, color, tooltip: [{ field: 'label' }, { field: 'rank' }, { field: 'retained', format: '.3f' }, { field: 'gain', format: '.3f' }] } },
      { mark: { type: 'text', align: 'left', dx: 6, dy: -6, fontSize: 10 }, encoding: { x, y, text: { field: 'rank' } } },
    ],
  };
}
