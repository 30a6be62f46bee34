/**
 * Loading a spec: YAML text -> a validated, default-filled Sweep, or a SpecError whose issues
 * point at file, line, column and spec path.
 * 1. parse YAML (syntax errors with line/column)
 * 2. the document must be a non-empty mapping
 * 3. the zod schema (each issue located through its path; unknown keys get a nearest-key hint)
 * 4. semantic checks (semantic.ts), then the budget and whole configurations (expansion)
 */
import { readFile } from 'node:fs/promises';
import { budgetIssue, expandConfigurations } from './expand.js';
import { SpecError, type SpecIssue } from './errors.js';
import { experimentIssues } from './experiment-checks.js';
import { shortHash } from './ids.js';
import { linkedPaths } from './bundle-checks.js';
import { bundleAxis } from './bundles.js';
import { formatPath, resolveParameterKey } from './paths.js';
import { sweepSchema, type Sweep } from './schema.js';
import { semanticIssues } from './semantic.js';
import { searchIssues } from './search-checks.js';
import { describeFound } from './describe.js';
import { locate, parseYaml, type YamlSource } from './yaml-source.js';
import type { RawIssue } from './zod-issues.js';
import { fromZodIssues } from './zod-issues.js';

export interface LoadedSpec {
  readonly sweep: Sweep;
  /** The file's text as read (a ConfigMap ships it unchanged). */
  readonly text: string;
  readonly file: string;
  /** Short hash of the canonical JSON of the parsed sweep (defaults filled). */
  readonly digest: string;
}

const TOP_LEVEL = 'a mapping with apiVersion, kind, metadata and spec';

/** Read and validate a spec file. Unreadable files are SpecErrors too. */
export async function loadSpecFile(path: string): Promise<LoadedSpec> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (cause) {
    throw new SpecError([{ file: path, path: '', message: readFailure(cause) }], { cause });
  }
  return parseSpecText(text, path);
}

function readFailure(cause: unknown): string {
  const code = (cause as { code?: unknown } | null)?.code;
  switch (code) {
    case 'ENOENT':
      return 'cannot read the spec: file not found';
    case 'EISDIR':
      return 'cannot read the spec: this is a directory, not a file';
    case 'EACCES':
    case 'EPERM':
      return 'cannot read the spec: permission denied';
    default:
      return `cannot read the spec: ${typeof code === 'string' ? code : 'unknown error'}`;
  }
}

/** Validate spec text; `fileName` is used in errors only. Pure apart from hashing. */
export function parseSpecText(text: string, fileName: string): LoadedSpec {
  // 1. YAML
  const parsed = parseYaml(text);
  if (!parsed.ok) throw new SpecError(sortIssues(parsed.problems.map((p) => ({ file: fileName, path: '', ...p }))));
  const source = parsed.source;
  // 2. a mapping
  const data = source.data;
  if (data === undefined || data === null) {
    throw new SpecError([{ file: fileName, path: '', expected: TOP_LEVEL, found: 'an empty document', message: `the spec is empty; expected ${TOP_LEVEL}` }]);
  }
  if (typeof data !== 'object' || Array.isArray(data)) {
    const found = describeFound(data);
    throw new SpecError([located(source, fileName, { path: [], expected: TOP_LEVEL, found, message: `expected ${TOP_LEVEL}, found ${found}` })]);
  }
  // 3. schema
  const result = sweepSchema.safeParse(data);
  if (!result.success) throw specError(source, fileName, fromZodIssues(result.error.issues, sweepSchema, data));
  const sweep = result.data;
  // 4. semantics, budget, whole configurations
  const semantic = [...semanticIssues(sweep), ...searchIssues(sweep)];
  if (semantic.length > 0) throw specError(source, fileName, semantic);
  const over = budgetIssue(sweep, fileName);
  if (over) throw new SpecError([{ ...over, ...locate(source, ['spec', 'budget', 'maxTrials']) }]);
  const combined = configurationIssues(sweep, fileName);
  if (combined.length > 0) throw specError(source, fileName, combined);
  return { sweep, text, file: fileName, digest: shortHash(sweep) };
}

/**
 * Cross-field checks on every distinct configuration (e.g. resetLayers conv3 while convBlocks is
 * swept down to 2). Reported once, at the first involved axis, naming the configuration.
 */
function configurationIssues(sweep: Sweep, file: string): RawIssue[] {
  const keys = new Map<string, string>();
  for (const [key, axis] of Object.entries(sweep.spec.parameters)) {
    const bundles = bundleAxis(key, axis);
    if (bundles !== undefined) {
      for (const path of linkedPaths({ key, ...bundles })) if (!keys.has(path)) keys.set(path, key);
      continue;
    }
    const target = resolveParameterKey(key);
    if (target.ok) keys.set(target.path, key);
  }
  for (const configuration of expandConfigurations(sweep, { file })) {
    const issue = experimentIssues(configuration.experiment)[0];
    if (issue === undefined) continue;
    const key = issue.involves.map((f) => keys.get(f)).find((k) => k !== undefined);
    const where = `experiment.${formatPath(issue.path)}`;
    return [
      {
        path: key === undefined ? ['spec', 'experiment'] : ['spec', 'parameters', key],
        at: 'key',
        message: `the configuration ${JSON.stringify(configuration.parameters)} is invalid: ${where}: ${issue.message}`,
      },
    ];
  }
  return [];
}

function specError(source: YamlSource, file: string, raw: readonly RawIssue[]): SpecError {
  return new SpecError(sortIssues(raw.map((r) => located(source, file, r))));
}

function located(source: YamlSource, file: string, raw: RawIssue): SpecIssue {
  const { path, at, ...rest } = raw;
  return { file, ...locate(source, path, at), path: formatPath(path), ...rest };
}

/** By line then column (file-level issues first), without repeated lines. */
function sortIssues(issues: SpecIssue[]): SpecIssue[] {
  const seen = new Set<string>();
  return issues
    .map((issue, i) => ({ issue, i }))
    .sort((a, b) => (a.issue.line ?? 0) - (b.issue.line ?? 0) || (a.issue.column ?? 0) - (b.issue.column ?? 0) || a.i - b.i)
    .map(({ issue }) => issue)
    .filter((issue) => {
      const key = JSON.stringify(issue);
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    });
}
