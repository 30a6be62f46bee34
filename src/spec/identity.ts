/**
 * What an id is a hash of. Contract: within apiVersion zapsweep/v1 a default never changes and a
 * new experiment field defaults to the behaviour from before it existed. Fields equal to their
 * default are therefore left out of the identity, so ids survive the addition of new fields: a
 * sweep run by an older zapsweep resumes, reads back and compares with a newer one.
 */
import { canonicalJson, shortHash } from './ids.js';
import { experimentSchema, type Experiment } from './schema.js';

const defaults: unknown = experimentSchema.parse({});

/** The experiment without the fields (at any depth) that equal the schema's defaults. */
export function experimentIdentity(experiment: Experiment): Record<string, unknown> {
  const pruned = prune(experiment, defaults);
  return isRecord(pruned) ? pruned : {};
}

export function configIdOf(experiment: Experiment): string {
  return shortHash(experimentIdentity(experiment));
}

export function trialIdOf(experiment: Experiment, seed: number): string {
  return trialIdOfIdentity(experimentIdentity(experiment), seed);
}

/** trialIdOf from an identity already computed (expansion computes it once per configuration). */
export function trialIdOfIdentity(identity: Record<string, unknown>, seed: number): string {
  return shortHash({ experiment: identity, seed });
}

/**
 * `value` without what equals `base` (canonical JSON equality), recursively. Records are compared
 * key by key instead of serialising each level whole (the same result; expansion of large sweeps
 * spent most of its time there).
 */
function prune(value: unknown, base: unknown): unknown {
  if (base === undefined) return value;
  if (!isRecord(value) || !isRecord(base)) return canonicalJson(value) === canonicalJson(base) ? undefined : value;
  const out: Record<string, unknown> = {};
  let kept = false;
  for (const [key, v] of Object.entries(value)) {
    if (v === undefined) continue;
    const p = prune(v, base[key]);
    if (p !== undefined) {
      out[key] = p;
      kept = true;
    }
  }
  // Equal to base only if base has no defined key that value lacks.
  if (!kept && Object.keys(base).every((k) => base[k] === undefined || value[k] !== undefined)) return undefined;
  return out;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
