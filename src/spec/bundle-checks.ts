/**
 * Checks on bundle axes (bundles.ts): every key a known field, no path set twice (within a bundle
 * or by two axes), unique labels, and each bundle validated as the experiment it produces. Every
 * message names the bundle by index and label; paths point into the bundle.
 */
import { bundleEntries, bundleLabel, bundleName, LABEL_KEY, type Bundle } from './bundles.js';
import { describeFound } from './describe.js';
import { didYouMean } from './errors.js';
import { experimentIssues } from './experiment-checks.js';
import { withValue } from './axes.js';
import { experimentFieldPaths } from './paths.js';
import { experimentSchema, type Sweep } from './schema.js';
import type { PathSegment } from './schema-walk.js';
import { nearest } from './suggest.js';
import { fromZodIssues, type RawIssue } from './zod-issues.js';

const PARAMETERS: PathSegment[] = ['spec', 'parameters'];

export interface LinkedAxis {
  readonly key: string;
  readonly prefix: string | undefined;
  readonly bundles: readonly Bundle[];
}

/** The experiment paths an axis's bundles set (resolved keys only), in first-seen order. */
export function linkedPaths(axis: LinkedAxis): string[] {
  const out = new Set<string>();
  for (const b of axis.bundles) for (const e of bundleEntries(b, axis.prefix)) if (e.target.ok) out.add(e.target.path);
  return [...out];
}

/** Key issues of a bundle axis; claims its paths in `claimed` (path -> axis key). */
export function bundleKeyIssues(axis: LinkedAxis, claimed: Map<string, string>): RawIssue[] {
  const issues: RawIssue[] = [];
  const labels = new Map<string, number>();
  const reported = new Set<string>();
  axis.bundles.forEach((bundle, i) => {
    const at = [...PARAMETERS, axis.key, i];
    const name = bundleName(i, bundle);
    // 1. the label: a string, unique in the axis
    const label = bundle[LABEL_KEY];
    if (label !== undefined && (typeof label !== 'string' || label.length === 0)) {
      issues.push({ path: [...at, LABEL_KEY], expected: 'a non-empty string', found: describeFound(label), message: `bundle ${i}: expected a non-empty string label, found ${describeFound(label)}` });
    }
    const text = bundleLabel(bundle);
    const first = labels.get(text);
    if (first !== undefined) issues.push({ path: label === undefined ? at : [...at, LABEL_KEY], message: `${name}: the label "${text}" is also bundle ${first}'s; labels must tell bundles apart` });
    else labels.set(text, i);
    // 2. each key a field, once
    const entries = bundleEntries(bundle, axis.prefix);
    if (entries.length === 0) issues.push({ path: at, message: `${name} sets nothing; give it at least one ${axis.prefix === undefined ? 'experiment path' : `field of ${axis.prefix}`}` });
    const own = new Map<string, string>();
    for (const entry of entries) {
      const where = [...at, entry.key];
      if (!entry.target.ok) {
        issues.push({ path: where, at: 'key', ...unknownKey(name, axis.prefix, entry.key, entry.target) });
        continue;
      }
      const path = entry.target.path;
      const twice = own.get(path);
      if (twice !== undefined) {
        issues.push({ path: where, at: 'key', message: `${name}: "${entry.key}" sets ${path}, which "${twice}" already sets in this bundle` });
        continue;
      }
      own.set(path, entry.key);
      const earlier = claimed.get(path);
      if (earlier !== undefined && earlier !== axis.key && !reported.has(path)) {
        reported.add(path);
        issues.push({ path: where, at: 'key', message: `${name}: "${axis.key}" sets ${path}, which "${earlier}" already sweeps`, suggestion: 'set each path in one axis only' });
      }
    }
  });
  for (const path of linkedPaths(axis)) if (!claimed.has(path)) claimed.set(path, axis.key);
  return issues;
}

function unknownKey(name: string, prefix: string | undefined, key: string, target: { message: string; suggestion?: string }): Pick<RawIssue, 'message' | 'suggestion'> {
  if (prefix === undefined) return { message: `${name}: ${target.message}`, ...(target.suggestion === undefined ? {} : { suggestion: target.suggestion }) };
  const fields = experimentFieldPaths.filter((p) => p.startsWith(`${prefix}.`)).map((p) => p.slice(prefix.length + 1));
  const close = nearest(key, fields);
  const top = [...new Set(fields.map((f) => f.split('.')[0] as string))];
  return {
    message: `${name}: "${key}" is not a field of ${prefix}`,
    suggestion: close !== undefined ? didYouMean(close) : `fields of ${prefix}: ${top.join(', ')}`,
  };
}

/** Each bundle substituted into the base experiment, issues re-pathed into the bundle. */
export function bundleValueIssues(sweep: Sweep, axis: LinkedAxis, otherPaths: readonly string[]): RawIssue[] {
  return axis.bundles.flatMap((bundle, i) => {
    const entries = bundleEntries(bundle, axis.prefix);
    const resolved = entries.flatMap((e) => (e.target.ok ? [{ key: e.key, value: e.value, segments: e.target.segments, path: e.target.path }] : []));
    if (resolved.length !== entries.length) return [];
    const at: PathSegment[] = [...PARAMETERS, axis.key, i];
    const name = bundleName(i, bundle);
    const repath = (path: readonly PathSegment[]): PathSegment[] => {
      const e = resolved.find((r) => r.segments.every((s, k) => path[k] === s));
      return e === undefined ? at : [...at, e.key, ...path.slice(e.segments.length)];
    };
    const named = (issue: RawIssue): RawIssue => ({ ...issue, path: repath(issue.path), message: `${name}: ${issue.message}` });
    let variant: unknown = sweep.spec.experiment;
    for (const r of resolved) variant = withValue(variant, r.segments, r.value);
    const parsed = experimentSchema.safeParse(variant);
    if (!parsed.success) return fromZodIssues(parsed.error.issues, experimentSchema, variant).map((issue) => ({ ...named(issue), at: 'value' as const }));
    const own = resolved.map((r) => r.path);
    return experimentIssues(parsed.data)
      .filter((issue) => issue.involves.some((f) => own.includes(f)) && !issue.involves.some((f) => otherPaths.includes(f)))
      .map(({ involves: _involves, ...issue }) => named(issue));
  });
}
