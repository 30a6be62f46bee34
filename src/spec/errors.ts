/**
 * Spec errors are data: a list of issues, each saying which file, where in it, which path of the
 * spec, what was expected and what was found. `formatSpecError` is the one presenter; it never
 * prints a stack trace. Exit code 2 is the contract for bad input (DESIGN.md, "Quality bars").
 */
import { ZapsweepError } from '../errors.js';

/** One problem in a spec, located as precisely as the source allows. */
export interface SpecIssue {
  /** The spec file as the user named it (or a label such as "<stdin>"). */
  file: string;
  /** 1-based line in `file`, when known. */
  line?: number;
  /** 1-based column in `file`, when known. */
  column?: number;
  /** Path in the spec, e.g. `spec.parameters.zapEvery[2]`; empty for file-level problems. */
  path: string;
  /** What the spec should hold there, as a phrase: `a positive integer`. */
  expected?: string;
  /** What it holds instead, as a phrase: `-3`, `"adamw"`, `a list`. */
  found?: string;
  /** The full sentence without location and suggestion: `expected a positive integer, found -3`. */
  message: string;
  /** A hint to fix it, as a phrase: `did you mean "zapEvery"?`. */
  suggestion?: string;
}

/** A spec that cannot be loaded, validated or expanded. Never retryable: the input must change. */
export class SpecError extends ZapsweepError {
  override readonly name = 'SpecError';
  readonly issues: readonly SpecIssue[];

  constructor(issues: readonly SpecIssue[], options?: { cause?: unknown }) {
    super(formatIssues(issues), { cause: options?.cause, exitCode: 2 });
    this.issues = issues;
  }
}

export function isSpecError(value: unknown): value is SpecError {
  return value instanceof SpecError;
}

/** `file:line:column: path: message; suggestion`, parts left out when unknown. */
export function formatSpecIssue(issue: SpecIssue): string {
  let location = issue.file;
  if (issue.line !== undefined) {
    location += `:${issue.line}`;
    if (issue.column !== undefined) location += `:${issue.column}`;
  }
  const path = issue.path === '' ? '' : `${issue.path}: `;
  const suggestion = issue.suggestion === undefined ? '' : `; ${issue.suggestion}`;
  return `${location}: ${path}${issue.message}${suggestion}`;
}

/** One line per issue, in the order the error holds them (the loader sorts them by position). */
export function formatSpecError(err: SpecError): string {
  return formatIssues(err.issues);
}

function formatIssues(issues: readonly SpecIssue[]): string {
  if (issues.length === 0) return 'invalid spec';
  return issues.map(formatSpecIssue).join('\n');
}

/** `did you mean "x"?`, the suggestion phrase used for near misses. */
export function didYouMean(candidate: string): string {
  return `did you mean "${candidate}"?`;
}
