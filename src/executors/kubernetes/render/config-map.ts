/** The sweep's ConfigMap (pure): the spec as written, the zapsweep version, the expected digest. */
import { annotationKeys, sweepLabels } from './labels.js';
import { DIGEST_KEY, SPEC_KEY } from './job.js';
import { sweepNames } from './names.js';
import type { KubeObject, RenderInput } from './types.js';

export function renderConfigMap(input: RenderInput): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: {
      name: sweepNames(input.sweepId).configMap,
      namespace: input.namespace,
      labels: sweepLabels(input.sweepId, input.version, 'spec'),
      annotations: { [annotationKeys.sweepId]: input.sweepId },
    },
    data: {
      [SPEC_KEY]: input.specText,
      version: input.version,
      [DIGEST_KEY]: input.digest,
      trials: String(input.trialCount),
      'sweep-id': input.sweepId,
    },
  };
}
