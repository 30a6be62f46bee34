/** Figure: per-class forgetting (mean over seeds), configurations × classes. Pure. */
import type { TopLevelSpec } from 'vega-lite';
import { CONFIG, SCHEMA } from './common.js';

export interface HeatCell {
  config: string;
  /** Class label as text, sorted by `order`. */
  cls: string;
  order: number;
  forgetting: number;
}

export function heatmapSpec(cells: readonly HeatCell[], title: string): TopLevelSpec {
  const classes = new Set(cells.map((c) => c.cls)).size;
  const configs = new Set(cells.map((c) => c.config)).size;
  return {
    $schema: SCHEMA,
    title,
    width: Math.max(120, 24 * classes),
    height: Math.max(60, 22 * configs),
    config: CONFIG,
    data: { values: cells.map((c) => ({ ...c })) },
    mark: 'rect',
    encoding: {
      x: { field: 'cls', type: 'ordinal', title: 'class', sort: { field: 'order', op: 'min' }, axis: { labelAngle: 0 } },
      y: { field: 'config', type: 'nominal', title: null },
      color: { field: 'forgetting', type: 'quantitative', title: 'forgetting', scale: { scheme: 'reds' } },
      tooltip: [{ field: 'config' }, { field: 'cls', title: 'class' }, { field: 'forgetting', format: '.3f' }],
    },
  };
}
