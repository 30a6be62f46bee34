/**
 * Figures of the probes (docs/metrics.md "Probes"). Pure: points in, Vega-Lite specs out.
 *   overTraining   a probe scalar against the pre-training epoch, one line per configuration
 *                  (mean over seeds, 95% CI band), faceted by series (e.g. layer); dashed rules
 *                  at the zap epochs and hollow points at the value just after each zap
 *   interpolation  loss along the interpolation path, faceted by pair
 *   slice          loss heatmaps of the 2-D slice, one panel per configuration
 */
import type { TopLevelSpec } from 'vega-lite';
import { CONFIG, SCHEMA } from './common.js';

/** Smaller panels than PLOT: several sit side by side. */
const PANEL = { width: 240, height: 180 } as const;

export interface SeriesPoint {
  config: string;
  /** Facet (a layer name, a pair name, or one series). */
  series: string;
  step: number;
  mean: number;
  lo: number;
  hi: number;
  /** `trained` (the epoch ends) or `after zap`. */
  when: 'trained' | 'after zap';
}

export interface ZapMark {
  config: string;
  series: string;
  step: number;
}

export function overTrainingSpec(points: readonly SeriesPoint[], zaps: readonly ZapMark[], o: { title: string; yTitle: string; log: boolean }): TopLevelSpec {
  const x = { field: 'step', type: 'quantitative' as const, title: 'pre-training epoch', scale: { zero: false, nice: false }, axis: { tickMinStep: 1, format: 'd' } };
  const scale = o.log ? { type: 'log' as const } : { zero: false };
  const y = { field: 'mean', type: 'quantitative' as const, title: o.yTitle, scale };
  const color = { field: 'config', type: 'nominal' as const, title: 'configuration' };
  // A log scale cannot draw a band through 0: with few seeds a CI's lower end can be negative.
  const band = (p: SeriesPoint): SeriesPoint => (o.log ? { ...p, lo: Math.max(p.lo, p.mean / 10) } : p);
  const rows = [...points.map((p) => ({ ...band(p), kind: 'value' })), ...zaps.map((z) => ({ ...z, kind: 'zap' }))];
  const series = [...new Set(points.map((p) => p.series))];
  const afterZap = points.some((p) => p.when === 'after zap');
  // One panel per series side by side (a facet would put the x axis in a detached footer).
  // Layers without data are left out: an empty shape scale breaks Vega's layout.
  const panel = (name: string) => ({
    ...PANEL,
    title: series.length > 1 ? name : '',
    transform: [{ filter: { field: 'series', equal: name } }],
    layer: [
      ...(zaps.length > 0 ? [{ transform: [{ filter: "datum.kind === 'zap'" }], mark: { type: 'rule' as const, strokeDash: [4, 3], opacity: 0.6 }, encoding: { x, color } }] : []),
      { transform: [{ filter: "datum.kind === 'value' && datum.when === 'trained'" }], mark: { type: 'area' as const, opacity: 0.15 }, encoding: { x, y: { field: 'lo', type: 'quantitative' as const, scale }, y2: { field: 'hi' }, color } },
      { transform: [{ filter: "datum.kind === 'value' && datum.when === 'trained'" }], mark: { type: 'line' as const, point: true }, encoding: { x, y, color, tooltip: [{ field: 'config' }, { field: 'step' }, { field: 'mean', format: '.4g' }] } },
      ...(afterZap
        ? [{
            transform: [{ filter: "datum.kind === 'value' && datum.when === 'after zap'" }],
            mark: { type: 'point' as const, filled: false, size: 70, strokeWidth: 2 },
            encoding: { x, y, color, shape: { field: 'when', type: 'nominal' as const, title: null, scale: { range: ['diamond'] } }, tooltip: [{ field: 'config' }, { field: 'step' }, { field: 'when' }, { field: 'mean', format: '.4g' }] },
          }]
        : []),
    ],
  });
  return {
    $schema: SCHEMA,
    title: o.title,
    config: CONFIG,
    data: { values: rows },
    hconcat: series.map(panel),
  };
}

export interface PathPoint {
  config: string;
  pair: string;
  t: number;
  mean: number;
  lo: number;
  hi: number;
}

export function interpolationSpec(points: readonly PathPoint[], title: string): TopLevelSpec {
  const x = { field: 't', type: 'quantitative' as const, title: 't (0 = first snapshot, 1 = second)' };
  const color = { field: 'config', type: 'nominal' as const, title: 'configuration' };
  return {
    $schema: SCHEMA,
    title,
    config: CONFIG,
    data: { values: points.map((p) => ({ ...p })) },
    facet: { column: { field: 'pair', type: 'nominal', title: 'snapshots' } },
    resolve: { scale: { y: 'independent' } },
    spec: {
      ...PANEL,
      layer: [
        // The line first: the legend takes its symbols from the first layer.
        { mark: { type: 'line', point: true }, encoding: { x, y: { field: 'mean', type: 'quantitative', title: 'probe-batch loss', scale: { zero: false } }, color, tooltip: [{ field: 'config' }, { field: 't' }, { field: 'mean', format: '.4g' }] } },
        { mark: { type: 'area', opacity: 0.15 }, encoding: { x, y: { field: 'lo', type: 'quantitative', scale: { zero: false } }, y2: { field: 'hi' }, color } },
      ],
    },
  };
}

export interface SliceCell {
  config: string;
  a: number;
  b: number;
  loss: number;
}

export function sliceSpec(cells: readonly SliceCell[], title: string): TopLevelSpec {
  const fmt = '.2f';
  return {
    $schema: SCHEMA,
    title,
    config: CONFIG,
    data: { values: cells.map((c) => ({ ...c })) },
    facet: { column: { field: 'config', type: 'nominal', title: null, header: { labelFontSize: 12 } } },
    spec: {
      width: 220,
      height: 220,
      mark: 'rect',
      encoding: {
        x: { field: 'a', type: 'ordinal', title: 'direction 1 (filter-normalised)', sort: 'ascending', axis: { format: fmt, labelAngle: -45 } },
        y: { field: 'b', type: 'ordinal', title: 'direction 2', sort: 'descending', axis: { format: fmt } },
        color: { field: 'loss', type: 'quantitative', title: 'loss (log)', scale: { type: 'log', scheme: 'viridis' } },
        tooltip: [{ field: 'config' }, { field: 'a', format: fmt }, { field: 'b', format: fmt }, { field: 'loss', format: '.4g' }],
      },
    },
  };
}
