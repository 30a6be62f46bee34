/**
 * Checks of `spec.search` that the schema cannot express (docs/racing.md): a race's seed counts
 * against each other and the pool, objective and stopping metrics against docs/metrics.md, and a
 * halving's fidelity path (a numeric experiment field, not swept, valid at every rung). Pure.
 */
import { withValue } from './axes.js';
import { seedList } from './expand.js';
import { resolveParameterKey } from './paths.js';
import { experimentSchema, type Sweep } from './schema.js';
import { describeExpected } from './describe.js';
import { schemaAt, type PathSegment } from './schema-walk.js';
import type { ObjectiveSpec, StoppingSpec } from './search-schema.js';
import { curveMetricNames, finishedMetricNames, isCurveMetric } from './search-metrics.js';
import { nearest } from './suggest.js';
import type { RawIssue } from './zod-issues.js';

const SEARCH: PathSegment[] = ['spec', 'search'];

export function searchIssues(sweep: Sweep): RawIssue[] {
  const search = sweep.spec.search;
  const issues: RawIssue[] = [];
  if (search.stopping !== undefined) issues.push(...stoppingIssues(search.stopping));
  if (search.kind === 'race') {
    const pool = seedList(sweep.spec.seeds).length;
    const max = search.maxSeeds ?? pool;
    if (search.maxSeeds !== undefined && search.maxSeeds > pool) {
      issues.push({
        path: [...SEARCH, 'maxSeeds'],
        expected: `at most ${pool} (the seeds in spec.seeds)`,
        found: String(search.maxSeeds),
        message: `expected at most ${pool} (the seeds in spec.seeds), found ${search.maxSeeds}`,
        suggestion: `list more seeds (e.g. "seeds: ${search.maxSeeds}") or lower maxSeeds`,
      });
    } else if (search.minSeeds > max) {
      const what = search.maxSeeds === undefined ? `the ${pool} seeds of spec.seeds (maxSeeds' default)` : `maxSeeds (${max})`;
      issues.push({
        path: [...SEARCH, 'minSeeds'],
        expected: `at most ${what}`,
        found: String(search.minSeeds),
        message: `expected at most ${what}, found ${search.minSeeds}`,
        suggestion: search.maxSeeds === undefined ? `give spec.seeds at least ${search.minSeeds} seeds` : `lower minSeeds or raise maxSeeds`,
      });
    }
    issues.push(...objectiveIssues(search.objective));
  }
  if (search.kind === 'halving') {
    issues.push(...objectiveIssues(search.objective), ...fidelityIssues(sweep, search.fidelity));
  }
  return issues;
}

function objectiveIssues(objective: ObjectiveSpec): RawIssue[] {
  if (objective === 'pareto') return [];
  const metric = typeof objective === 'string' ? objective : objective.metric;
  if (finishedMetricNames.includes(metric)) return [];
  const path = typeof objective === 'string' ? [...SEARCH, 'objective'] : [...SEARCH, 'objective', 'metric'];
  const hint = nearest(metric, finishedMetricNames);
  return [{
    path,
    expected: `pareto or a finished metric (${finishedMetricNames.join(', ')})`,
    found: JSON.stringify(metric),
    message: `unknown objective metric "${metric}"; expected pareto or a finished metric of docs/metrics.md`,
    suggestion: hint === undefined ? `one of ${finishedMetricNames.join(', ')}` : `did you mean "${hint}"?`,
  }];
}

function stoppingIssues(stopping: StoppingSpec): RawIssue[] {
  if (isCurveMetric(stopping.metric)) return [];
  const hint = nearest(stopping.metric, curveMetricNames);
  return [{
    path: [...SEARCH, 'stopping', 'metric'],
    expected: 'a curve of docs/metrics.md',
    found: JSON.stringify(stopping.metric),
    message: `unknown progress metric "${stopping.metric}"; the median rule needs a curve (metric events with a step)`,
    suggestion: hint === undefined ? `one of ${curveMetricNames.join(', ')}` : `did you mean "${hint}"?`,
  }];
}

function fidelityIssues(sweep: Sweep, fidelity: { path: string; values: number[] }): RawIssue[] {
  const at = [...SEARCH, 'fidelity', 'path'];
  const target = resolveParameterKey(fidelity.path);
  if (!target.ok) {
    const found = JSON.stringify(fidelity.path);
    return [{ path: at, expected: 'a numeric experiment field such as pretrain.epochs', found, message: `expected a numeric experiment field such as pretrain.epochs, found ${found} (${target.message})`, ...(target.suggestion === undefined ? {} : { suggestion: target.suggestion }) }];
  }
  const current = valueAtPath(sweep.spec.experiment, target.segments);
  if (typeof current !== 'number') {
    return [{
      path: at,
      expected: 'a numeric experiment field (e.g. pretrain.epochs)',
      found: `${target.path} (${JSON.stringify(current) ?? 'nothing'})`,
      message: `expected a numeric experiment field (e.g. pretrain.epochs), found ${target.path}, which holds ${JSON.stringify(current) ?? 'nothing'}`,
    }];
  }
  const swept = Object.keys(sweep.spec.parameters).find((k) => {
    const t = resolveParameterKey(k);
    return t.ok && t.path === target.path;
  });
  if (swept !== undefined) {
    return [{ path: at, message: `${target.path} is the fidelity and also swept by spec.parameters.${swept}`, suggestion: 'sweep it in one place only' }];
  }
  const issues: RawIssue[] = [];
  fidelity.values.forEach((value, i) => {
    const parsed = experimentSchema.safeParse(withValue(sweep.spec.experiment, target.segments, value));
    if (!parsed.success) {
      const schema = schemaAt(experimentSchema, target.segments, {});
      const expected = (schema && describeExpected(schema)) ?? `a valid ${target.path}`;
      issues.push({ path: [...SEARCH, 'fidelity', 'values', i], expected, found: String(value), message: `${target.path} takes ${expected}, found ${value}` });
    } else if (i > 0 && value <= (fidelity.values[i - 1] ?? Number.NEGATIVE_INFINITY)) {
      issues.push({ path: [...SEARCH, 'fidelity', 'values', i], expected: `a value above ${fidelity.values[i - 1]}`, found: String(value), message: `rungs go from cheapest to dearest: expected a value above ${fidelity.values[i - 1]}, found ${value}` });
    }
  });
  return issues;
}

function valueAtPath(data: unknown, segments: readonly string[]): unknown {
  let node: unknown = data;
  for (const s of segments) node = typeof node === 'object' && node !== null ? (node as Record<string, unknown>)[s] : undefined;
  return node;
}
