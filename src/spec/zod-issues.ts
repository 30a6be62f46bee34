/**
 * zod issues -> spec issues with expected/found phrases and suggestions. Locations are added by
 * the loader (it owns the YAML); here paths stay as segments.
 */
import type { z } from 'zod';
import { describeExpected, describeFound } from './describe.js';
import { didYouMean } from './errors.js';
import { formatPath } from './paths.js';
import { knownKeys, resolveUnion, schemaAt, valueAt, type PathSegment, type SchemaNode } from './schema-walk.js';
import { nearest } from './suggest.js';

/** A spec issue before it is located in a file. `at: 'key'` points at a mapping key, not its value. */
export interface RawIssue {
  path: PathSegment[];
  at?: 'key' | 'value';
  expected?: string;
  found?: string;
  message: string;
  suggestion?: string;
}

type ZodIssue = z.core.$ZodIssue;

/** Hints for a few issues where the fix is not obvious from expected/found. */
const hints: Readonly<Record<string, string>> = {
  'spec.seeds:too_small': 'a seed count must be at least 1; to run only seed 0 write "seeds: [0]"',
  'spec.budget.maxTrials:too_big': 'a sweep expands to at most 100000 trials, so that validate and expand (which check every configuration) stay quick; split the study into several sweeps',
};

export function fromZodIssues(issues: readonly ZodIssue[], root: SchemaNode, data: unknown, prefix: PathSegment[] = []): RawIssue[] {
  return issues.flatMap((issue) => fromZodIssue(issue, root, data, prefix));
}

function toSegments(path: readonly PropertyKey[]): PathSegment[] {
  return path.map((s) => (typeof s === 'number' ? s : String(s)));
}

function fromZodIssue(issue: ZodIssue, root: SchemaNode, data: unknown, prefix: PathSegment[]): RawIssue[] {
  const path = [...prefix, ...toSegments(issue.path)];
  const value = valueAt(data, path);
  const hint = hints[`${formatPath(path)}:${issue.code}`];
  const withHint = (raw: RawIssue): RawIssue => (hint === undefined ? raw : { ...raw, suggestion: hint });

  switch (issue.code) {
    case 'unrecognized_keys': {
      const schema = schemaAt(root, path, data);
      const known = schema === undefined ? [] : knownKeys(schema, value);
      return issue.keys.map((key) => {
        const close = nearest(key, known);
        const suggestion =
          close !== undefined ? didYouMean(close) : known.length > 0 ? `known keys: ${known.join(', ')}` : undefined;
        return {
          path: [...path, key],
          at: 'key' as const,
          message: `unknown key "${key}"`,
          ...(suggestion === undefined ? {} : { suggestion }),
        };
      });
    }
    case 'invalid_union': {
      const options = (issue as { options?: unknown }).options;
      if (issue.errors.length === 0 && Array.isArray(options)) {
        const quoted = options.map((o) => JSON.stringify(o));
        const expected = quoted.length === 1 ? (quoted[0] as string) : `one of ${quoted.slice(0, -1).join(', ')} or ${quoted[quoted.length - 1]}`;
        return [withHint(expectedFound(path, expected, value))];
      }
      // Prefer the branch that got past the type check at the union itself: it is what the user meant.
      const branch =
        issue.errors.find((errs) => errs.some((e) => !(e.code === 'invalid_type' && e.path.length === 0))) ?? undefined;
      if (branch !== undefined) return fromZodIssues(branch, root, data, path);
      return [withHint(generic(issue, path, root, data, value))];
    }
    case 'invalid_format': {
      const expected = issue.message.startsWith('expected ') ? issue.message.slice('expected '.length) : `a ${issue.format}`;
      return [withHint(expectedFound(path, expected, value))];
    }
    case 'too_big':
    case 'too_small': {
      if (issue.origin === 'string' && typeof value === 'string') {
        const limit = issue.code === 'too_big' ? `at most ${issue.maximum}` : `at least ${issue.minimum}`;
        return [withHint(expectedFound(path, `${limit} characters`, `${value.length} characters`, true))];
      }
      return [withHint(generic(issue, path, root, data, value))];
    }
    case 'custom':
      return [withHint({ path, message: issue.message })];
    default:
      return [withHint(generic(issue, path, root, data, value))];
  }
}

function generic(issue: ZodIssue, path: PathSegment[], root: SchemaNode, data: unknown, value: unknown): RawIssue {
  const schema = schemaAt(root, path, data);
  // At a union, describe the option the value was meant for (zod reports that option's issue).
  const target = schema && (value === undefined ? schema : resolveUnion(schema, value));
  const expected = (target && describeExpected(target)) ?? zodExpected(issue);
  if (value === undefined && (issue.code === 'invalid_type' || issue.code === 'invalid_value')) {
    const key = path[path.length - 1];
    return {
      path,
      expected,
      found: 'nothing',
      message: `missing required key ${JSON.stringify(String(key))} (expected ${expected})`,
    };
  }
  return expectedFound(path, expected, value);
}

function zodExpected(issue: ZodIssue): string {
  const m = /expected (.*)$/i.exec(issue.message);
  return m?.[1] ?? issue.message;
}

export function expectedFound(path: PathSegment[], expected: string, value: unknown, verbatim = false): RawIssue {
  const found = verbatim ? String(value) : describeFound(value);
  return { path, expected, found, message: `expected ${expected}, found ${found}` };
}
