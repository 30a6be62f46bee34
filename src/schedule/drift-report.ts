/**
 * The morning drift report (DESIGN.md "Schedules"): tonight's run against the previous successful
 * run of the same schedule, through `compareSweeps` (configurations matched by configId; Welch t,
 * Holm over configurations × metrics). Pure: data in, data out.
 * Contracts:
 * - a configuration *regressed* when any of its metrics regressed, *improved* when any improved
 *   (one with both is in both lists), else it is unchanged within noise (or untestable);
 * - configurations only in one of the two runs are listed as appeared / disappeared;
 * - without a baseline (the first night, or no completed night before) there is no comparison and
 *   the summary says why; failed nights skipped on the way are named.
 */
import { compareSweeps, type ConfigDelta, type ConfigRef, type PairComparison, type SweepCompareOptions } from '../analysis/sweep-compare.js';
import type { TrialOutcome } from '../analysis/types.js';
import type { SweepStatus } from '../store/types.js';
import type { ScheduleMeta } from './schedule-id.js';

export interface NightRef {
  id: string;
  date: string;
  status: SweepStatus;
}

export interface NightInput extends NightRef {
  name: string;
  outcomes: readonly TrialOutcome[];
}

export interface DriftInput {
  schedule: ScheduleMeta;
  current: NightInput;
  baseline: NightInput | undefined;
  /** Nights between the baseline and tonight that did not complete (newest first). */
  skipped: readonly NightRef[];
  options?: SweepCompareOptions;
}

export interface ConfigDrift extends ConfigRef {
  /** The metrics that moved this way, with their deltas. */
  deltas: ConfigDelta[];
}

export interface DriftReport {
  kind: 'zapsweep-drift-report';
  schedule: ScheduleMeta;
  current: NightRef;
  baseline: NightRef | null;
  skipped: NightRef[];
  comparison: PairComparison | null;
  regressed: ConfigDrift[];
  improved: ConfigDrift[];
  /** Configurations in both runs with no significant change (all metrics unchanged or untestable). */
  unchanged: ConfigRef[];
  appeared: ConfigRef[];
  disappeared: ConfigRef[];
  /** Three lines: what regressed, what improved, what is unchanged within noise. */
  summary: [string, string, string];
}

function byConfig(deltas: readonly ConfigDelta[], change: ConfigDelta['change']): ConfigDrift[] {
  const out = new Map<string, ConfigDrift>();
  for (const d of deltas) {
    if (d.change !== change) continue;
    const entry = out.get(d.configId) ?? { configId: d.configId, parameters: d.parameters, deltas: [] };
    entry.deltas.push(d);
    out.set(d.configId, entry);
  }
  return [...out.values()];
}

const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;
const params = (p: ConfigRef['parameters']): string => Object.entries(p).map(([k, v]) => `${k.split('.').pop() ?? k}=${String(v)}`).join(' ');
const signed = (x: number): string => `${x >= 0 ? '+' : ''}${x.toFixed(3)}`;
const describeDrift = (c: ConfigDrift): string => `${c.configId} (${params(c.parameters)}: ${c.deltas.map((d) => `${d.metric} ${signed(d.diff)}`).join(', ')})`;

function summaryLines(r: Omit<DriftReport, 'summary'>): [string, string, string] {
  const skipped = r.skipped.length === 0 ? '' : `; skipped ${r.skipped.map((s) => `${s.id} (${s.status})`).join(', ')}`;
  if (r.comparison === null || r.baseline === null) {
    return [
      'regressed: nothing to compare with',
      'improved: nothing to compare with',
      `unchanged: no earlier completed night of schedule ${r.schedule.name}${skipped}; tonight (${r.current.id}) is the baseline for the next one`,
    ];
  }
  const c = r.comparison;
  const edges = [r.appeared.length > 0 ? `${r.appeared.length} appeared` : '', r.disappeared.length > 0 ? `${r.disappeared.length} disappeared` : ''].filter((s) => s !== '');
  return [
    r.regressed.length === 0 ? 'regressed: none' : `regressed: ${plural(r.regressed.length, 'configuration')}: ${r.regressed.map(describeDrift).join('; ')}`,
    r.improved.length === 0 ? 'improved: none' : `improved: ${plural(r.improved.length, 'configuration')}: ${r.improved.map(describeDrift).join('; ')}`,
    `unchanged within noise: ${plural(r.unchanged.length, 'configuration')} (${c.tests} tests, Holm family-wise alpha ${c.alpha}) against ${r.baseline.id} of ${r.baseline.date}${skipped}${edges.length > 0 ? `; ${edges.join(', ')}` : ''}`,
  ];
}

export function buildDriftReport(input: DriftInput): DriftReport {
  const { current, baseline } = input;
  const ref = (n: NightInput): NightRef => ({ id: n.id, date: n.date, status: n.status });
  const comparison = baseline === undefined ? null : compareSweeps({ id: baseline.id, name: baseline.name, outcomes: baseline.outcomes }, { id: current.id, name: current.name, outcomes: current.outcomes }, input.options);
  const regressed = comparison ? byConfig(comparison.deltas, 'regression') : [];
  const improved = comparison ? byConfig(comparison.deltas, 'improvement') : [];
  const moved = new Set([...regressed, ...improved].map((c) => c.configId));
  const unchanged: ConfigRef[] = [];
  for (const d of comparison?.deltas ?? []) {
    if (!moved.has(d.configId) && !unchanged.some((u) => u.configId === d.configId)) unchanged.push({ configId: d.configId, parameters: d.parameters });
  }
  const partial: Omit<DriftReport, 'summary'> = {
    kind: 'zapsweep-drift-report',
    schedule: input.schedule,
    current: ref(current),
    baseline: baseline ? ref(baseline) : null,
    skipped: input.skipped.map((s) => ({ id: s.id, date: s.date, status: s.status })),
    comparison,
    regressed,
    improved,
    unchanged,
    appeared: comparison?.onlyInOther ?? [],
    disappeared: comparison?.onlyInBaseline ?? [],
  };
  return { ...partial, summary: summaryLines(partial) };
}
