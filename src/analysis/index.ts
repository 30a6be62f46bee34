/** Public API of the analysis layer (pure: statistics, aggregation, ranking, comparisons, presenters). */
export type { ConfigSummary, Interval, MetricSummary, RankedConfig, ResultsJson, SweepInfo, TrialCounts, TrialOutcome, TrialStatus } from './types.js';
export { ci95, mean, sampleStdDev, sampleVariance, standardError, tCdfAt, tInterval, tQuantile, twoSidedP } from './stats.js';
export { aggregate, groupSucceeded, metricSamples, summarize } from './aggregate.js';
export { dominates, paretoRanks } from './pareto.js';
export { GAIN, RETAINED, compareRanked, rankConfigs } from './rank.js';
export { buildResults, countTrials } from './results.js';
export { formatMetric, formatRanking, formatValue, parameterPaths, resultsToCsv, shortNames } from './format.js';
export type { FormatOptions } from './format.js';
export { pairBySeed, pairedT, welchT } from './compare.js';
export type { TTestResult } from './compare.js';
export { bootstrapMeanCi, pairedBootstrapCi, quantileSorted } from './bootstrap.js';
export type { BootstrapOptions } from './bootstrap.js';
export { holmAdjust, holmReject } from './holm.js';
