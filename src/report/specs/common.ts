/** Shared pieces of the report's Vega-Lite specs. Pure. */
import type { TopLevelSpec } from 'vega-lite';

export const SCHEMA = 'https://vega.github.io/schema/vega-lite/v6.json';

/** Plot area size in pixels; the SVG adds axes, titles and legends around it. */
export const PLOT = { width: 360, height: 240 } as const;

/** White background (PNG viewers show transparency as black or checks), readable font sizes. */
export const CONFIG: NonNullable<TopLevelSpec['config']> = {
  background: 'white',
  font: 'sans-serif',
  axis: { labelFontSize: 11, titleFontSize: 12, labelLimit: 320 },
  legend: { labelFontSize: 11, titleFontSize: 12, labelLimit: 320 },
  title: { fontSize: 14, anchor: 'start' },
};
