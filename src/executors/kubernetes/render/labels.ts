/** Label and annotation keys zapsweep puts on its objects, and the selector that finds a sweep's. */
import { labelValue } from './names.js';

export const labelKeys = {
  name: 'app.kubernetes.io/name',
  instance: 'app.kubernetes.io/instance',
  component: 'app.kubernetes.io/component',
  managedBy: 'app.kubernetes.io/managed-by',
  version: 'app.kubernetes.io/version',
  sweepId: 'zapsweep.io/sweep-id',
  shard: 'zapsweep.io/shard',
  kueueQueue: 'kueue.x-k8s.io/queue-name',
} as const;

export const annotationKeys = {
  sweepId: 'zapsweep.io/sweep-id',
  indexOffset: 'zapsweep.io/index-offset',
  /** A round's Job (an adaptive search): the trial index of each completion index, as ranges. */
  indexes: 'zapsweep.io/indexes',
  trials: 'zapsweep.io/trials',
  digest: 'zapsweep.io/expected-trial-digest',
  failureCount: 'batch.kubernetes.io/job-index-failure-count',
  ignoredFailureCount: 'batch.kubernetes.io/job-index-ignored-failure-count',
  completionIndex: 'batch.kubernetes.io/job-completion-index',
} as const;

export function sweepLabels(sweepId: string, version: string, component: 'worker' | 'spec'): Record<string, string> {
  return {
    [labelKeys.name]: 'zapsweep',
    [labelKeys.instance]: labelValue(sweepId),
    [labelKeys.component]: component,
    [labelKeys.managedBy]: 'zapsweep',
    [labelKeys.version]: labelValue(version),
    [labelKeys.sweepId]: labelValue(sweepId),
  };
}

/** `zapsweep.io/sweep-id=<id>,app.kubernetes.io/managed-by=zapsweep`: every object of one sweep. */
export function sweepSelector(sweepId: string): string {
  return `${labelKeys.sweepId}=${labelValue(sweepId)},${labelKeys.managedBy}=zapsweep`;
}
