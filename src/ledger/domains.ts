/**
 * The domain of every metric value, checked where events enter the ledger: an accuracy outside
 * [0, 1], a gain or forgetting outside [-1, 1] or a negative loss is rejected with its reason, never
 * folded into a result. (Non-finite numbers cannot pass the wire schema: JSON has none.) Pure.
 */
import type { TrialEvent } from '../transport/events.js';

interface Domain {
  readonly test: (name: string) => boolean;
  readonly min: number;
  readonly max: number;
  readonly what: string;
}

/** First match wins; a name no rule knows only has to be finite. */
const domains: readonly Domain[] = [
  { test: (n) => /(^|\.)(newTaskGain|forgetting|bwt)(\.|$)|^forgetting\.class\d+$/i.test(n), min: -1, max: 1, what: 'a difference of accuracies, in [-1, 1]' },
  { test: (n) => /acc/i.test(n), min: 0, max: 1, what: 'an accuracy, in [0, 1]' },
  { test: (n) => /(^|\.)loss$/i.test(n), min: 0, max: Number.POSITIVE_INFINITY, what: 'a loss, at least 0' },
  { test: (n) => /(^|\.)retention$/.test(n), min: 0, max: Number.POSITIVE_INFINITY, what: 'a ratio of accuracies, at least 0' },
];

export function checkValue(name: string, value: number): string | undefined {
  if (!Number.isFinite(value)) return `${name} = ${value}: expected a finite number`;
  const d = domains.find((x) => x.test(name));
  if (d && (value < d.min || value > d.max)) return `${name} = ${value}: expected ${d.what}`;
  return undefined;
}

/** The first value of the event outside its domain, as a reason; undefined when all are fine. */
export function domainViolation(e: TrialEvent): string | undefined {
  switch (e.type) {
    case 'finished':
      for (const [name, value] of Object.entries(e.metrics)) {
        const bad = checkValue(name, value);
        if (bad) return bad;
      }
      return undefined;
    case 'metric':
      return checkValue(e.name, e.value);
    case 'progress':
      return (e.loss === undefined ? undefined : checkValue(`${e.phase}.loss`, e.loss)) ?? (e.accuracy === undefined ? undefined : checkValue(`${e.phase}.accuracy`, e.accuracy));
    default:
      return undefined;
  }
}
