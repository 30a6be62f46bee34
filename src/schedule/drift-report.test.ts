import { describe, expect, test } from 'vitest';
import { outcome } from '../analysis/outcome-builder.js';
import type { TrialOutcome } from '../analysis/types.js';
import { buildDriftReport, type NightInput } from './drift-report.js';
import { driftReportHtml, formatDriftReport, genericPayload, slackPayload } from './drift-format.js';

/** Five seeds of a configuration around (retained, gain), with a small fixed spread. */
function config(id: string, zapEvery: number, retained: number, gain = 0.5): TrialOutcome[] {
  const jitter = [-0.004, -0.002, 0, 0.002, 0.004];
  return jitter.map((j, seed) => outcome(id, seed).params({ 'pretrain.zapEvery': zapEvery }).scores(retained + j, gain + j).obj());
}

const night = (id: string, date: string, outcomes: TrialOutcome[], status: NightInput['status'] = 'completed'): NightInput => ({ id, name: 'nightly', date, status, outcomes });
const base = [...config('c0', 0, 0.6), ...config('c1', 1, 0.7), ...config('c2', 2, 0.8)];

const cases: Array<{ name: string; tonight: TrialOutcome[]; regressed: string[]; improved: string[]; unchanged: string[]; appeared: string[]; disappeared: string[]; summary: RegExp[] }> = [
  { name: 'nothing moved', tonight: base, regressed: [], improved: [], unchanged: ['c0', 'c1', 'c2'], appeared: [], disappeared: [], summary: [/^regressed: none$/, /^improved: none$/, /^unchanged within noise: 3 configurations \(6 tests, Holm family-wise alpha 0.05\) against nightly-20261130 of 2026-11-30$/] },
  { name: 'one configuration worse', tonight: [...config('c0', 0, 0.6), ...config('c1', 1, 0.5), ...config('c2', 2, 0.8)], regressed: ['c1'], improved: [], unchanged: ['c0', 'c2'], appeared: [], disappeared: [], summary: [/^regressed: 1 configuration: c1 \(zapEvery=1: retainedAccuracy -0\.200\)$/, /^improved: none$/, /^unchanged within noise: 2 configurations/] },
  { name: 'one better, one worse', tonight: [...config('c0', 0, 0.7), ...config('c1', 1, 0.6), ...config('c2', 2, 0.8)], regressed: ['c1'], improved: ['c0'], unchanged: ['c2'], appeared: [], disappeared: [], summary: [/^regressed: 1 configuration: c1/, /^improved: 1 configuration: c0 \(zapEvery=0: retainedAccuracy \+0\.100\)$/, /^unchanged within noise: 1 configuration /] },
  { name: 'a configuration appeared and one disappeared', tonight: [...config('c0', 0, 0.6), ...config('c1', 1, 0.7), ...config('c3', 3, 0.9)], regressed: [], improved: [], unchanged: ['c0', 'c1'], appeared: ['c3'], disappeared: ['c2'], summary: [/^regressed: none$/, /^improved: none$/, /; 1 appeared, 1 disappeared$/] },
  { name: 'noise within the spread is not a change', tonight: [...config('c0', 0, 0.601), ...config('c1', 1, 0.699), ...config('c2', 2, 0.8)], regressed: [], improved: [], unchanged: ['c0', 'c1', 'c2'], appeared: [], disappeared: [], summary: [/^regressed: none$/, /^improved: none$/, /^unchanged within noise: 3/] },
];

describe('buildDriftReport', () => {
  test.each(cases)('$name', (c) => {
    const r = buildDriftReport({ schedule: { name: 'nightly', date: '2026-12-01' }, current: night('nightly-20261201', '2026-12-01', c.tonight), baseline: night('nightly-20261130', '2026-11-30', base), skipped: [] });
    expect(r.regressed.map((x) => x.configId)).toEqual(c.regressed);
    expect(r.improved.map((x) => x.configId)).toEqual(c.improved);
    expect(r.unchanged.map((x) => x.configId)).toEqual(c.unchanged);
    expect(r.appeared.map((x) => x.configId)).toEqual(c.appeared);
    expect(r.disappeared.map((x) => x.configId)).toEqual(c.disappeared);
    expect(r.summary).toHaveLength(3);
    r.summary.forEach((line, i) => expect(line).toMatch(c.summary[i] as RegExp));
    const text = formatDriftReport(r);
    expect(text).toContain('baseline: nightly-20261130 of 2026-11-30, the previous successful night');
    expect(text.trimEnd().split('\n').slice(-3)).toEqual(r.summary);
    if (c.regressed.length > 0) expect(text).toContain('!! REGRESSION');
  });

  test('the first night has nothing to compare with', () => {
    const r = buildDriftReport({ schedule: { name: 'nightly', date: '2026-12-01' }, current: night('nightly-20261201', '2026-12-01', base), baseline: undefined, skipped: [] });
    expect(r.comparison).toBeNull();
    expect(r.summary[2]).toBe('unchanged: no earlier completed night of schedule nightly; tonight (nightly-20261201) is the baseline for the next one');
    expect(formatDriftReport(r)).toContain('baseline: none (no earlier completed night)');
  });

  test('a failed night in between is skipped and named', () => {
    const r = buildDriftReport({ schedule: { name: 'nightly', date: '2026-12-02' }, current: night('nightly-20261202', '2026-12-02', base), baseline: night('nightly-20261130', '2026-11-30', base), skipped: [{ id: 'nightly-20261201', date: '2026-12-01', status: 'failed' }] });
    expect(r.summary[2]).toMatch(/against nightly-20261130 of 2026-11-30; skipped nightly-20261201 \(failed\)$/);
    expect(formatDriftReport(r)).toContain('skipped: nightly-20261201 of 2026-12-01 (failed), not a successful night');
  });

  test('payloads: generic carries the report; Slack has text and blocks; HTML escapes', () => {
    const r = buildDriftReport({ schedule: { name: 'nightly', date: '2026-12-01' }, current: night('nightly-20261201', '2026-12-01', [...config('c0', 0, 0.6), ...config('c1', 1, 0.5), ...config('c2', 2, 0.8)]), baseline: night('nightly-20261130', '2026-11-30', base), skipped: [] });
    expect(genericPayload(r)).toMatchObject({ event: 'zapsweep.drift-report', sweepId: 'nightly-20261201', regressed: ['c1'], improved: [], summary: r.summary });
    const slack = slackPayload(r) as { text: string; blocks: unknown[] };
    expect(slack.text).toMatch(/^:red_circle: zapsweep nightly 2026-12-01: nightly-20261201 completed\nregressed: 1 configuration/);
    expect(slack.blocks).toHaveLength(2);
    const html = driftReportHtml({ ...r, schedule: { name: '<b>', date: '2026-12-01' } });
    expect(html).toContain('&lt;b&gt;');
    expect(html).toContain('<tr class="regression"><td>c1</td>');
  });
});
