/**
 * Figure: a metric against the swept axis (zap frequency), one line per group of the other
 * parameters (e.g. per optimizer), with 95% CI error bars. Pure: data in, Vega-Lite spec out.
 */
import type { TopLevelSpec } from 'vega-lite';
import { CONFIG, PLOT, SCHEMA } from './common.js';

export interface FrequencyPoint {
  /** The axis value as text (an ordinal position on the x axis). */
  x: string;
  /** Sort key of x (numeric axes sort numerically). */
  order: number;
  group: string;
  mean: number;
  /** The CI; equal to mean when there is none (one seed). */
  lo: number;
  hi: number;
  n: number;
}

export function frequencySpec(points: readonly FrequencyPoint[], o: { title: string; axisTitle: string; metricTitle: string; groupTitle: string }): TopLevelSpec {
  const x = { field: 'x', type: 'ordinal' as const, title: o.axisTitle, sort: { field: 'order', op: 'min' as const }, axis: { labelAngle: 0 }, scale: { type: 'point' as const, padding: 0.5 } };
  const color = { field: 'group', type: 'nominal' as const, title: o.groupTitle };
  return {
    $schema: SCHEMA,
    title: o.title,
    ...PLOT,
    config: CONFIG,
    data: { values: points.map((p) => ({ ...p })) },
    layer: [
      { mark: { type: 'errorbar', ticks: true }, encoding: { x, y: { field: 'lo', type: 'quantitative', title: o.metricTitle, scale: { zero: false } }, y2: { field: 'hi' }, color } },
      { mark: { type: 'line', point: true }, encoding: { x, y: { field: 'mean', type: 'quantitative' }, color, tooltip: [{ field: 'group' }, { field: 'x', title: o.axisTitle }, { field: 'mean', format: '.3f' }, { field: 'lo', format: '.3f' }, { field: 'hi', format: '.3f' }, { field: 'n' }] } },
    ],
  };
}
