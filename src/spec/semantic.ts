/**
 * Checks on a schema-valid sweep that the schema cannot express: the base experiment, parameter
 * keys, and every swept value substituted into the experiment. Issues carry spec paths.
 */
import { axisChoices, withValue } from './axes.js';
import { bundleKeyIssues, bundleValueIssues, linkedPaths, type LinkedAxis } from './bundle-checks.js';
import { bundleAxis } from './bundles.js';
import { valueText } from './labels.js';
import { canonicalJson } from './ids.js';
import { experimentIssues } from './experiment-checks.js';
import { formatPath, resolveParameterKey } from './paths.js';
import { experimentSchema, type Axis, type Sweep, type SweptValue } from './schema.js';
import type { PathSegment } from './schema-walk.js';
import { fromZodIssues, type RawIssue } from './zod-issues.js';

const EXPERIMENT: PathSegment[] = ['spec', 'experiment'];
const PARAMETERS: PathSegment[] = ['spec', 'parameters'];

export function semanticIssues(sweep: Sweep): RawIssue[] {
  const issues: RawIssue[] = experimentIssues(sweep.spec.experiment).map((i) => ({ ...strip(i), path: [...EXPERIMENT, ...i.path] }));
  const claimed = new Map<string, string>();
  const targets = new Map<string, string[]>();
  const linked = new Map<string, LinkedAxis>();
  // 1. keys: a known field (or a bundle axis of known fields), swept once
  for (const [key, axis] of Object.entries(sweep.spec.parameters)) {
    const bundles = bundleAxis(key, axis);
    if (bundles !== undefined) {
      const l = { key, ...bundles };
      linked.set(key, l);
      issues.push(...bundleKeyIssues(l, claimed));
      continue;
    }
    const target = resolveParameterKey(key);
    if (!target.ok) {
      issues.push({ path: [...PARAMETERS, key], at: 'key', message: target.message, ...opt('suggestion', target.suggestion) });
      continue;
    }
    const earlier = claimed.get(target.path);
    if (earlier !== undefined) {
      issues.push({
        path: [...PARAMETERS, key],
        at: 'key',
        message: `"${key}" sweeps ${target.path}, which "${earlier}" already sweeps`,
        suggestion: `keep one of the two`,
      });
      continue;
    }
    claimed.set(target.path, key);
    targets.set(key, target.segments);
  }
  // 2. axes: shape for the search kind, then each value substituted into the experiment
  const pathsOf = (k: string): string[] => {
    const l = linked.get(k);
    return l !== undefined ? linkedPaths(l) : [targets.get(k)?.join('.') ?? ''];
  };
  for (const [key, axis] of Object.entries(sweep.spec.parameters)) {
    const path = [...PARAMETERS, key];
    issues.push(...axisShapeIssues(sweep, axis, path));
    const others = [...targets.keys(), ...linked.keys()].filter((k) => k !== key).flatMap(pathsOf);
    const l = linked.get(key);
    if (l !== undefined) {
      issues.push(...bundleValueIssues(sweep, l, others));
      continue;
    }
    const segments = targets.get(key);
    if (segments === undefined) continue;
    for (const point of axisPoints(axis, path)) {
      issues.push(...substitutionIssues(sweep, segments, point.value, point.path, others));
    }
  }
  return issues;
}

function axisShapeIssues(sweep: Sweep, axis: Axis, path: PathSegment[]): RawIssue[] {
  const issues: RawIssue[] = [];
  if (!Array.isArray(axis) && axis.distribution !== 'choice') {
    if (sweep.spec.search.kind !== 'random') {
      issues.push({
        path,
        expected: 'a list of values',
        found: `a ${axis.distribution} distribution`,
        message: `${sweep.spec.search.kind} search needs a list of values, found a ${axis.distribution} distribution`,
        suggestion: 'list the values to try, or use "search: {kind: random, trials: N}"',
      });
    }
    if (axis.min >= axis.max) {
      issues.push({
        path: [...path, 'max'],
        expected: `a value greater than min (${axis.min})`,
        found: String(axis.max),
        message: `expected a value greater than min (${axis.min}), found ${axis.max}`,
      });
    }
  }
  const values = axisChoices(axis);
  const base = Array.isArray(axis) ? path : [...path, 'values'];
  const seen = new Map<string, number>();
  values?.forEach((value, i) => {
    const id = canonicalJson(value);
    const first = seen.get(id);
    if (first === undefined) seen.set(id, i);
    else issues.push({ path: [...base, i], message: `duplicate value ${id} (also at ${formatPath([...base.slice(2), first])})`, suggestion: 'list each value once' });
  });
  return issues;
}

interface AxisPoint {
  value: SweptValue;
  path: PathSegment[];
}

/** The values of an axis to validate, each with its own spec path. */
function axisPoints(axis: Axis, path: PathSegment[]): AxisPoint[] {
  if (Array.isArray(axis)) return axis.map((value, i) => ({ value, path: [...path, i] }));
  if (axis.distribution === 'choice') return axis.values.map((value, i) => ({ value, path: [...path, 'values', i] }));
  return [
    { value: axis.min, path: [...path, 'min'] },
    { value: axis.max, path: [...path, 'max'] },
  ];
}

/**
 * Issues of the experiment with `value` at `segments`, re-pathed to the axis value. Checks that
 * depend on other swept fields are left to the check of whole configurations.
 */
function substitutionIssues(sweep: Sweep, segments: readonly string[], value: SweptValue, at: PathSegment[], others: readonly string[]): RawIssue[] {
  const variant = withValue(sweep.spec.experiment, segments, value);
  const repath = (path: readonly PathSegment[]): PathSegment[] =>
    segments.every((s, i) => path[i] === s) ? [...at, ...path.slice(segments.length)] : at;
  const parsed = experimentSchema.safeParse(variant);
  if (!parsed.success) {
    return fromZodIssues(parsed.error.issues, experimentSchema, variant).map((i) => {
      const located = { ...i, path: repath(i.path), at: 'value' as const };
      // A list field swept with scalars: each value of such an axis is itself a list.
      const scalarForList = !Array.isArray(value) && i.path.length === segments.length && (i.expected?.includes('list') ?? false);
      return scalarForList ? { ...located, suggestion: `each value of this axis is a list itself, e.g. [[${valueText(value)}]]` } : located;
    });
  }
  const field = segments.join('.');
  return experimentIssues(parsed.data)
    .filter((i) => i.involves.includes(field) && !i.involves.some((f) => others.includes(f)))
    .map((i) => ({ ...strip(i), path: repath(i.path) }));
}

function strip<T extends { involves?: unknown }>(issue: T): Omit<T, 'involves'> {
  const { involves: _involves, ...rest } = issue;
  return rest;
}

function opt<K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: V };
}
