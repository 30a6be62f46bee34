/** The metric set of DESIGN.md from the four measured accuracies. Pure. */
import type { TrialMetrics } from './types.js';

export interface MeasuredAccuracies {
  readonly oldAccBefore: number;
  readonly oldAccAfter: number;
  readonly newAccBefore: number;
  readonly newAccAfter: number;
}

/** retention is 0 when oldAccBefore is 0 (nothing was learned, so nothing is retained). */
export function trialMetrics(m: MeasuredAccuracies): TrialMetrics {
  return {
    oldAccBefore: m.oldAccBefore,
    oldAccAfter: m.oldAccAfter,
    retainedAccuracy: m.oldAccAfter,
    retention: m.oldAccBefore > 0 ? m.oldAccAfter / m.oldAccBefore : 0,
    forgetting: m.oldAccBefore - m.oldAccAfter,
    newAccBefore: m.newAccBefore,
    newAccAfter: m.newAccAfter,
    newTaskGain: m.newAccAfter - m.newAccBefore,
  };
}
