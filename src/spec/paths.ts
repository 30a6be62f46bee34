/**
 * Spec paths: how they are printed (`spec.parameters.zapEvery[2]`) and how a parameter key
 * (`zapEvery`, `transfer.learningRate`, `experiment.model.width`) names an experiment field.
 */
import { didYouMean } from './errors.js';
import { axisShorthands, experimentSchema } from './schema.js';
import { childSchema, isSection, leafPaths, type PathSegment, type SchemaNode } from './schema-walk.js';
import { nearest } from './suggest.js';

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$-]*$/;

/** `["spec", "parameters", "zapEvery", 2]` -> `spec.parameters.zapEvery[2]`; odd keys in ["..."]. */
export function formatPath(path: readonly PathSegment[]): string {
  let out = '';
  for (const segment of path) {
    if (typeof segment === 'number') out += `[${segment}]`;
    else if (IDENTIFIER.test(segment)) out += out === '' ? segment : `.${segment}`;
    else out += `[${JSON.stringify(segment)}]`;
  }
  return out;
}

/** Every field of an experiment, as a dotted path (`pretrain.zapEvery`), in schema order. */
export const experimentFieldPaths: readonly string[] = leafPaths(experimentSchema);

export type ParameterTarget =
  | { ok: true; path: string; segments: string[] }
  | { ok: false; message: string; suggestion?: string };

const EXPERIMENT_PREFIX = 'experiment.';

/**
 * The experiment field a parameter key sweeps. Rules: a shorthand (see `axisShorthands`) stands
 * for its path; otherwise the key is a dotted path into the experiment, optionally starting with
 * `experiment.`, and must name a field (not a section such as `model`).
 */
export function resolveParameterKey(key: string): ParameterTarget {
  const shorthand = Object.hasOwn(axisShorthands, key) ? axisShorthands[key] : undefined;
  const path = shorthand ?? (key.startsWith(EXPERIMENT_PREFIX) ? key.slice(EXPERIMENT_PREFIX.length) : key);
  const segments = path.split('.');
  let schema: SchemaNode | undefined = experimentSchema;
  for (const segment of segments) {
    schema = schema === undefined ? undefined : childSchema(schema, segment, {});
  }
  if (schema !== undefined && !isSection(schema)) return { ok: true, path, segments };
  if (schema !== undefined) {
    const example = experimentFieldPaths.find((p) => p.startsWith(`${path}.`));
    return {
      ok: false,
      message: `"${key}" is a section of the experiment, not a field`,
      ...(example === undefined ? {} : { suggestion: `sweep one of its fields, e.g. "${example}"` }),
    };
  }
  const suggestion = suggestParameterKey(key);
  if (suggestion !== undefined) return { ok: false, message: `unknown parameter "${key}"`, suggestion };
  return {
    ok: false,
    message: `unknown parameter "${key}"; expected a shorthand (${Object.keys(axisShorthands).join(', ')}) or a field path such as "transfer.learningRate"`,
  };
}

function suggestParameterKey(key: string): string | undefined {
  const prefixed = key.startsWith(EXPERIMENT_PREFIX);
  const bare = prefixed ? key.slice(EXPERIMENT_PREFIX.length) : key;
  const candidates = prefixed ? experimentFieldPaths : [...Object.keys(axisShorthands), ...experimentFieldPaths];
  const close = nearest(bare, candidates);
  if (close !== undefined) return didYouMean(prefixed ? EXPERIMENT_PREFIX + close : close);
  // A bare field name (`epochs`) that exists in several sections: list the full paths.
  if (!bare.includes('.')) {
    const all = experimentFieldPaths.filter((p) => p.split('.').pop()?.toLowerCase() === bare.toLowerCase());
    // The shallowest ones: "epochs" means pretrain.epochs or transfer.epochs, not warmup.epochs.
    const depth = Math.min(...all.map((p) => p.split('.').length));
    const byName = all.filter((p) => p.split('.').length === depth);
    if (byName.length > 0) return `did you mean ${byName.map((p) => `"${p}"`).join(' or ')}?`;
  }
  return undefined;
}
