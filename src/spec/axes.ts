/**
 * Axes: the swept parameters of a sweep, resolved to experiment fields, in the order the spec
 * lists them (YAML mapping order; zod and JS preserve it for non-numeric keys).
 */
import { bundleAxis } from './bundles.js';
import { describeExpected } from './describe.js';
import { SpecError } from './errors.js';
import { resolveParameterKey } from './paths.js';
import { experimentSchema, type Axis, type Sweep, type SweptValue } from './schema.js';
import { schemaAt } from './schema-walk.js';

export interface ResolvedAxis {
  /** The key as written in `spec.parameters`. */
  readonly key: string;
  /** The experiment field it sweeps, e.g. `pretrain.zapEvery`; a bundle axis: its key. */
  readonly path: string;
  readonly segments: readonly string[];
  readonly axis: Axis;
  /** The field takes integers: distributions over it sample integers. */
  readonly integer: boolean;
  /** A bundle axis (bundles.ts): its values are bundles, relative to `prefix` when it names a section. */
  readonly bundle?: { readonly prefix: string | undefined };
}

/** Resolve every axis; throws SpecError for keys the loader would have rejected. */
export function resolveAxes(sweep: Sweep): ResolvedAxis[] {
  return Object.entries(sweep.spec.parameters).map(([key, axis]): ResolvedAxis => {
    const linked = bundleAxis(key, axis);
    if (linked !== undefined) return { key, path: key, segments: [], axis, integer: false, bundle: { prefix: linked.prefix } };
    const target = resolveParameterKey(key);
    if (!target.ok) throw new SpecError([{ file: '<spec>', path: `spec.parameters.${key}`, message: target.message }]);
    return { key, path: target.path, segments: target.segments, axis, integer: isIntegerField(target.segments) };
  });
}

/** True when the experiment field at `segments` is an integer field. */
export function isIntegerField(segments: readonly string[]): boolean {
  const schema = schemaAt(experimentSchema, segments, {});
  return schema !== undefined && (describeExpected(schema)?.includes('integer') ?? false);
}

/** The values of an axis that grid search enumerates: a list, or a choice's values. */
export function axisChoices(axis: Axis): readonly SweptValue[] | undefined {
  if (Array.isArray(axis)) return axis;
  return axis.distribution === 'choice' ? axis.values : undefined;
}

/** A copy of `experiment` with `value` at `segments` (plain data; validation is the caller's). */
export function withValue<T>(experiment: T, segments: readonly string[], value: unknown): T {
  const copy = structuredClone(experiment);
  setValue(copy, segments, value);
  return copy;
}

/** Sets a copy of `value` at `segments` of `target`, in place, creating mappings on the way. */
export function setValue(target: unknown, segments: readonly string[], value: unknown): void {
  let node = target as Record<string, unknown>;
  segments.forEach((segment, i) => {
    if (i === segments.length - 1) node[segment] = structuredClone(value);
    else {
      const next = node[segment];
      node[segment] = typeof next === 'object' && next !== null && !Array.isArray(next) ? next : {};
      node = node[segment] as Record<string, unknown>;
    }
  });
}
