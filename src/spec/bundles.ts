/**
 * Linked axes ("bundles"): an axis whose values are mappings of experiment paths, each mapping one
 * value of the axis (README "Sweep spec reference"). Pure.
 *   - The axis key names a section of the experiment (pretrain, transfer, model, dataset): a
 *     bundle's keys are paths relative to it (`optimizer` = `pretrain.optimizer`).
 *   - The axis key is no experiment path at all (`zap`): a bundle's keys are whole paths (or
 *     shorthands, or `experiment.`-prefixed paths), and the key is only the axis's name.
 *   - `label` (a string) names the bundle in tables, the live view, analyze and reports; without
 *     one the label is its settings, `key=value` joined by ",".
 * A bundle axis's parameter (Trial.parameters) is keyed by the axis key and holds the label; the
 * experiment, and so every id, is the same as if the paths had been set one by one.
 */
import { canonicalJson } from './ids.js';
import { resolveParameterKey, type ParameterTarget } from './paths.js';
import { experimentSchema, type Axis, type AxisValue } from './schema.js';
import { childSchema, isSection, type SchemaNode } from './schema-walk.js';

export type Bundle = Readonly<Record<string, unknown>>;

export const LABEL_KEY = 'label';

export function isBundle(value: unknown): value is Bundle {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The section a key names (`pretrain`), or undefined. */
export function sectionOf(key: string): string | undefined {
  const path = key.startsWith('experiment.') ? key.slice('experiment.'.length) : key;
  let schema: SchemaNode | undefined = experimentSchema;
  for (const segment of path.split('.')) schema = schema === undefined ? undefined : childSchema(schema, segment, {});
  return schema !== undefined && isSection(schema) ? path : undefined;
}

/**
 * The bundle form of an axis, if it is one: a list (or choice) of mappings under a key that names
 * a section (prefix) or no experiment path (prefix undefined). Otherwise undefined.
 */
export function bundleAxis(key: string, axis: Axis): { prefix: string | undefined; bundles: readonly Bundle[] } | undefined {
  const values = Array.isArray(axis) ? axis : axis.distribution === 'choice' ? axis.values : undefined;
  if (values === undefined || values.length === 0 || !values.every(isBundle)) return undefined;
  const section = sectionOf(key);
  if (section !== undefined) return { prefix: section, bundles: values };
  return resolveParameterKey(key).ok ? undefined : { prefix: undefined, bundles: values };
}

export interface BundleEntry {
  /** The key as written in the bundle. */
  readonly key: string;
  readonly value: unknown;
  readonly target: ParameterTarget;
}

/** The settings of a bundle (its label left out), each resolved to an experiment field. */
export function bundleEntries(bundle: Bundle, prefix: string | undefined): BundleEntry[] {
  return Object.entries(bundle)
    .filter(([key]) => key !== LABEL_KEY)
    .map(([key, value]) => ({ key, value, target: resolveParameterKey(prefix === undefined ? key : `${prefix}.${key}`) }));
}

/** The label of a bundle: its `label`, or its settings as `key=value,...`. */
export function bundleLabel(bundle: Bundle): string {
  const label = bundle[LABEL_KEY];
  if (typeof label === 'string' && label.length > 0) return label;
  return Object.entries(bundle)
    .filter(([key]) => key !== LABEL_KEY)
    .map(([key, value]) => `${key}=${typeof value === 'object' && value !== null ? canonicalJson(value) : String(value)}`)
    .join(',');
}

/** "bundle 2 (sgd-cos)": how errors name a bundle. */
export function bundleName(index: number, bundle: Bundle): string {
  return `bundle ${index} (${bundleLabel(bundle)})`;
}

/** The value a bundle axis contributes to Trial.parameters. */
export function bundleParameter(bundle: Bundle): AxisValue {
  return bundleLabel(bundle);
}
