/**
 * Metric names a search may rank on or stop by, as docs/metrics.md lists them. Pure data.
 * Contract: a new finished metric or curve documented in docs/metrics.md is added here too
 * (test/spec/search-metrics.test.ts checks the two agree).
 */

/** `finished` metrics: one value per trial. */
export const finishedMetricNames: readonly string[] = [
  'oldAccBefore', 'oldAccAfter', 'retainedAccuracy', 'retention', 'forgetting',
  'newAccBefore', 'newAccAfter', 'newTaskGain', 'seq.bwt', 'seq.learnAccuracy',
];

/** Curves (`metric` events with a step); `seq.classAccuracy.<i>` stands for its family. */
export const curveMetricNames: readonly string[] = [
  'pretrain.loss', 'pretrain.accuracy', 'pretrain.oldTestAccuracy',
  'transfer.loss', 'transfer.newTestAccuracy', 'transfer.oldTestAccuracy', 'transfer.shockNewTestAccuracy',
  'seq.accAfterClasses', 'seq.oldTestAccuracy', 'seq.bwt',
];

export function isCurveMetric(name: string): boolean {
  return curveMetricNames.includes(name) || /^seq\.classAccuracy\.[1-9][0-9]*$/.test(name);
}
