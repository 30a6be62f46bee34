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
  return shortHash({ experiment: experimentIdentity(experiment), seed });
}

function prune(value: unknown, base: unknown): unknown {
  if (base !== undefined && canonicalJson(value) === canonicalJson(base)) return undefined;
  if (!isRecord(value) || !isRecord(base)) return value;
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value)) {
    const p = prune(v, base[key]);
    if (p !== undefined) out[key] = p;
  }
  return out;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
