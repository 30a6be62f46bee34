/**
 * Words for a frequency analysis: how axis values, groups and comparisons are said in a sentence.
 * Pure. Example: "with adam, zapping every 3 epochs retains 4.1 ± 1.2 points more than never
 * zapping (p = 0.003, Holm 0.006; 3 paired seeds)".
 */
import type { AxisValue } from '../spec/schema.js';
import { shorthandOf, valueKey } from './axes.js';
import { formatValue, shortNames } from './format.js';
import type { ControlComparison, FrequencyAnalysis, FrequencyGroup } from './frequency.js';
import { bestWord, inPoints, metricPhrase } from './metrics.js';

/** "never zapping", "zapping every epoch", "zapping every 3 epochs"; "<axis> <value>" otherwise. */
export function describeValue(path: string, v: AxisValue): string {
  if (path === 'pretrain.zapEvery' && typeof v === 'number') {
    if (v === 0) return 'never zapping';
    return v === 1 ? 'zapping every epoch' : `zapping every ${v} epochs`;
  }
  return `${shorthandOf(path) ?? path} ${formatValue(v)}`;
}

/** "adam", "adam, transfer.learningRate 0.01"; text values alone, others with their name. */
export function describeGroup(parameters: Record<string, AxisValue>): string {
  const paths = Object.keys(parameters);
  const names = shortNames(paths);
  return paths
    .map((p, i) => {
      const v = parameters[p];
      if (v === undefined) return '';
      return typeof v === 'string' ? v : `${names[i] ?? p} ${formatValue(v)}`;
    })
    .filter((s) => s !== '')
    .join(', ');
}

/** "optimizer=adam lr=0.01" for table headings; "(all)" with no other parameter. */
export function groupHeading(parameters: Record<string, AxisValue>): string {
  const paths = Object.keys(parameters);
  if (paths.length === 0) return '(all configurations)';
  const names = shortNames(paths);
  return paths.map((p, i) => `${names[i] ?? p}=${formatValue(parameters[p])}`).join(' ');
}

/** A number with sign for p-values and differences: "0.003", "<0.001". */
export function formatP(p: number): string {
  if (Number.isNaN(p)) return '-';
  return p < 0.001 ? '<0.001' : p.toFixed(3);
}

/** A metric difference as the sentence says it: ×100 "points" for accuracy fractions. */
function amount(metric: string, x: number): string {
  return inPoints(metric) ? `${(Math.abs(x) * 100).toFixed(1)}` : Math.abs(x).toPrecision(3);
}

/** "p = 0.003", "p < 0.001" for sentences. */
function pIs(label: string, p: number): string {
  const f = formatP(p);
  return f.startsWith('<') ? `${label} < ${f.slice(1)}` : `${label} = ${f}`;
}

function comparisonClause(a: FrequencyAnalysis, c: ControlComparison, subject: string): string {
  const metric = a.metric.name;
  const phrase = metricPhrase(metric);
  const unit = inPoints(metric) ? ' points' : '';
  const half = c.ci95 ? ` ± ${amount(metric, (c.ci95[1] - c.ci95[0]) / 2)}` : '';
  const way = c.diff >= 0 ? phrase.more : phrase.less;
  const head = `${subject} ${phrase.verb} ${amount(metric, c.diff)}${half}${unit} ${way} than ${describeValue(a.axis.path, a.control)}`;
  const seeds = `${c.n} paired seed${c.n === 1 ? '' : 's'}`;
  switch (c.verdict) {
    case 'untestable':
      return `${head} (${seeds}: too few to test)`;
    case 'tie':
      return `${head}, within noise (${pIs('p', c.p)}, ${pIs('Holm', c.pHolm)}; ${seeds})`;
    default:
      return `${head} (${pIs('p', c.p)}, ${pIs('Holm', c.pHolm)}; ${seeds})`;
  }
}

/**
 * One plain sentence per group: the best value against the control; when the control itself is
 * best, the runner-up against the control.
 */
export function groupSentence(a: FrequencyAnalysis, g: FrequencyGroup): string {
  const who = describeGroup(g.parameters);
  const lead = who === '' ? '' : `with ${who}, `;
  const sentence = (s: string): string => {
    const text = lead + s;
    return `${text.charAt(0).toUpperCase()}${text.slice(1)}.`;
  };
  if (!g.best) return sentence(`no trial reported ${a.metric.name}`);
  const best = bestWord(a.metric.name);
  if (!g.hasControl) return sentence(`${describeValue(a.axis.path, a.control)} was not run, so there is no comparison; the ${best} is ${describeValue(a.axis.path, g.best.value)}`);
  if (g.comparisons.length === 0) return sentence(`only ${describeValue(a.axis.path, a.control)} was run`);
  const ties = g.best.tiedWith.length > 0 ? ` (tied with ${g.best.tiedWith.map((v) => describeValue(a.axis.path, v)).join(', ')})` : '';
  const bestKey = valueKey(g.best.value);
  if (bestKey !== valueKey(a.control)) {
    const c = g.comparisons.find((x) => valueKey(x.value) === bestKey);
    if (!c) return sentence(`the ${best} is ${describeValue(a.axis.path, g.best.value)}`);
    const tied = g.best.tiedWith.map((v) => describeValue(a.axis.path, v)).join(', ');
    return sentence(`${comparisonClause(a, c, describeValue(a.axis.path, g.best.value))}${tied ? `; within noise of this ${best}: ${tied}` : ''}`);
  }
  // The control is best: say how far the runner-up is behind.
  const runnerUp = [...g.comparisons].sort((x, y) => (a.metric.direction === 'higher' ? y.diff - x.diff : x.diff - y.diff))[0];
  if (!runnerUp) return sentence(`${describeValue(a.axis.path, a.control)} is ${best}`);
  return sentence(`${describeValue(a.axis.path, a.control)} is ${best}${ties}: ${comparisonClause(a, runnerUp, describeValue(a.axis.path, runnerUp.value))}`);
}
