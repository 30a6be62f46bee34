/** Malformed `executor: {kind: kubernetes}` specs, and the defaults of a good one. */
import { describe, expect, test } from 'vitest';
import { formatSpecError, SpecError } from '../../src/spec/errors.js';
import { parseSpecText } from '../../src/spec/load.js';
import { withSpec } from './cases.js';

function errorLines(text: string): string[] {
  try {
    parseSpecText(text, 'x.yaml');
  } catch (err) {
    if (err instanceof SpecError) return formatSpecError(err).split('\n');
    throw err;
  }
  throw new Error('expected a SpecError');
}

const k8s = (...lines: string[]): string => withSpec('  executor:', '    kind: kubernetes', ...lines.map((l) => `    ${l}`));

const cases: Array<{ name: string; text: string; errors: string[] }> = [
  { name: 'image missing', text: k8s('namespace: sweeps'), errors: [
      'x.yaml:6:3: spec.executor.image: missing required key "image" (expected a string)',
    ] },
  { name: 'namespace not a DNS label', text: k8s('image: zapsweep:1', 'namespace: My_NS'), errors: [
      'x.yaml:9:16: spec.executor.namespace: expected a DNS-1123 label: lower-case letters, digits and "-", starting and ending with a letter or digit, found "My_NS"',
    ] },
  { name: 'gpus negative', text: k8s('image: zapsweep:1', 'gpus: -1'), errors: [
      'x.yaml:9:11: spec.executor.gpus: expected a non-negative integer up to 16, found -1',
    ] },
  { name: 'bad cpu quantity', text: k8s('image: zapsweep:1', 'resources: {requests: {cpu: two}}'), errors: [
      'x.yaml:9:33: spec.executor.resources.requests.cpu: expected a Kubernetes quantity like "500m", "2" or "4Gi", found "two"',
    ] },
  { name: 'unknown resource key', text: k8s('image: zapsweep:1', 'resources: {limits: {gpu: 1}}'), errors: [
      'x.yaml:9:26: spec.executor.resources.limits.gpu: unknown key "gpu"; did you mean "cpu"?',
    ] },
  { name: 'bad toleration operator', text: k8s('image: zapsweep:1', 'tolerations: [{key: gpu, operator: Equals}]'), errors: [
      'x.yaml:9:40: spec.executor.tolerations[0].operator: expected one of "Exists" or "Equal", found "Equals"',
    ] },
  { name: 'reserved env name', text: k8s('image: zapsweep:1', 'env: {JOB_COMPLETION_INDEX: "3"}'), errors: [
      'x.yaml:9:33: spec.executor.env.JOB_COMPLETION_INDEX: JOB_COMPLETION_INDEX is set by zapsweep itself; choose another name',
    ] },
  { name: 'queue name not a label value', text: k8s('image: zapsweep:1', 'queueName: "team queue"'), errors: [
      'x.yaml:9:16: spec.executor.queueName: expected a label value: at most 63 letters, digits, "-", "_" or ".", starting and ending with a letter or digit, found "team queue"',
    ] },
  { name: 'parallelism zero', text: k8s('image: zapsweep:1', 'parallelism: 0'), errors: [
      'x.yaml:9:18: spec.executor.parallelism: expected a positive integer up to 100000, found 0',
    ] },
  { name: 'nats URL without scheme', text: k8s('image: zapsweep:1', 'natsUrl: nats.zapsweep:4222'), errors: [
      'x.yaml:9:14: spec.executor.natsUrl: expected a URL like "nats://nats.zapsweep:4222", found "nats.zapsweep:4222"',
    ] },
  { name: 'unknown key', text: k8s('image: zapsweep:1', 'gpu: 1'), errors: [
      'x.yaml:9:5: spec.executor.gpu: unknown key "gpu"; did you mean "gpus"?',
    ] },
  { name: 'bad service account', text: k8s('image: zapsweep:1', 'serviceAccountName: Runner'), errors: [
      'x.yaml:9:25: spec.executor.serviceAccountName: expected a DNS-1123 subdomain: lower-case letters, digits, "-" and ".", found "Runner"',
    ] },
];

describe('malformed kubernetes executors', () => {
  test.each(cases)('$name', ({ text, errors }) => {
    expect(errorLines(text)).toEqual(errors);
  });
});

describe('a good kubernetes executor', () => {
  test('defaults and quantities', () => {
    const { sweep } = parseSpecText(k8s('image: ghcr.io/x/zapsweep:1', 'resources: {requests: {cpu: 2, memory: 4Gi}}', 'queueName: team-a'), 'x.yaml');
    expect(sweep.spec.executor).toEqual({
      kind: 'kubernetes',
      image: 'ghcr.io/x/zapsweep:1',
      gpus: 0,
      resources: { requests: { cpu: '2', memory: '4Gi' } },
      queueName: 'team-a',
    });
  });
});
