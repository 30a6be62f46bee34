/**
 * Resolving an axis name given on the command line against a sweep's swept parameters, and
 * ordering and parsing axis values. Pure.
 * Names: a shorthand (`zapEvery` -> `pretrain.zapEvery`, see `axisShorthands`), a full path
 * (`pretrain.zapEvery`), or a full path with a leading `experiment.`.
 */
import { axisShorthands, type AxisValue } from '../spec/schema.js';
import { nearest } from '../spec/suggest.js';
import { AnalysisInputError } from './errors.js';
import { formatValue } from './format.js';
import type { TrialOutcome } from './types.js';

/** Swept parameter paths in order of first appearance (trial index order). */
export function sweptPaths(outcomes: readonly TrialOutcome[]): string[] {
  const paths = new Set<string>();
  for (const o of [...outcomes].sort((a, b) => a.index - b.index)) for (const p of Object.keys(o.parameters)) paths.add(p);
  return [...paths];
}

/** The shorthand of a path when there is one ("pretrain.zapEvery" -> "zapEvery"). */
export function shorthandOf(path: string): string | undefined {
  return Object.entries(axisShorthands).find(([, full]) => full === path)?.[0];
}

function describeSwept(paths: readonly string[]): string {
  if (paths.length === 0) return 'this sweep sweeps no parameter';
  return `swept: ${paths.map((p) => (shorthandOf(p) ? `${shorthandOf(p)} (${p})` : p)).join(', ')}`;
}

/** The full path of a swept axis; AnalysisInputError listing the swept axes otherwise. */
export function resolveAxis(name: string, outcomes: readonly TrialOutcome[]): string {
  const paths = sweptPaths(outcomes);
  const path = axisShorthands[name] ?? name.replace(/^experiment\./, '');
  if (paths.includes(path)) return path;
  const candidates = [...paths, ...paths.flatMap((p) => shorthandOf(p) ?? [])];
  const hint = nearest(name, candidates);
  throw new AnalysisInputError(`--axis: "${name}" is not a swept parameter${hint ? `; did you mean "${hint}"?` : ''} (${describeSwept(paths)})`);
}

/** Compares axis values: numbers ascending, then anything else by its text. */
export function compareAxisValues(a: AxisValue, b: AxisValue): number {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  if (typeof a === 'number') return -1;
  if (typeof b === 'number') return 1;
  const sa = formatValue(a);
  const sb = formatValue(b);
  return sa < sb ? -1 : sa > sb ? 1 : 0;
}

/** The distinct values an axis takes (numbers ascending; others in first-appearance order). */
export function axisValues(path: string, outcomes: readonly TrialOutcome[]): AxisValue[] {
  const seen = new Map<string, AxisValue>();
  for (const o of [...outcomes].sort((a, b) => a.index - b.index)) {
    const v = o.parameters[path];
    if (v !== undefined && !seen.has(valueKey(v))) seen.set(valueKey(v), v);
  }
  const values = [...seen.values()];
  return values.every((v) => typeof v === 'number') ? values.sort(compareAxisValues) : values;
}

/** A stable key for an axis value (arrays and strings never collide with numbers). */
export function valueKey(v: AxisValue): string {
  return JSON.stringify(v);
}

/**
 * The control value named on the command line (`--control 0`), matched by its text against the
 * axis's values; the default is 0 for zapEvery ("never zap") and the first value otherwise.
 */
export function resolveControl(path: string, values: readonly AxisValue[], text: string | undefined): AxisValue {
  const listed = values.map(formatValue).join(', ');
  if (text === undefined) {
    const fallback = path === 'pretrain.zapEvery' && values.includes(0) ? 0 : values[0];
    if (fallback === undefined) throw new AnalysisInputError(`the axis ${path} has no values in this sweep`);
    return fallback;
  }
  const match = values.find((v) => formatValue(v) === text || (typeof v !== 'object' && String(v) === text) || valueKey(v) === text);
  if (match === undefined) throw new AnalysisInputError(`--control: ${path} never takes the value "${text}" in this sweep (values: ${listed})`);
  return match;
}
